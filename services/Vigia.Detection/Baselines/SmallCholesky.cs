namespace Vigia.Detection.Baselines;

/// <summary>
/// Cholesky factorisation and solve for the small (at most 6 × 6) normal equations of the baseline fit, in place on a
/// stack buffer. MathNet's general dense Cholesky costs about 36 µs per 6 × 6 solve, which made it the bulk of a fit;
/// the tests check this one against MathNet.
/// </summary>
internal static class SmallCholesky
{
    /// <summary>Factors the symmetric positive definite <paramref name="a"/> (p × p, row-major, lower triangle read) into L, in place.</summary>
    public static bool Factor(Span<double> a, int p)
    {
        for (var j = 0; j < p; j++)
        {
            var d = a[j * p + j];
            for (var k = 0; k < j; k++)
            {
                d -= a[j * p + k] * a[j * p + k];
            }

            if (!(d > 1e-300))
            {
                return false;
            }

            var l = Math.Sqrt(d);
            a[j * p + j] = l;
            for (var i = j + 1; i < p; i++)
            {
                var s = a[i * p + j];
                for (var k = 0; k < j; k++)
                {
                    s -= a[i * p + k] * a[j * p + k];
                }

                a[i * p + j] = s / l;
            }
        }

        return true;
    }

    /// <summary>Solves L Lᵀ x = b in place of <paramref name="b"/>, L from <see cref="Factor"/>.</summary>
    public static void Solve(ReadOnlySpan<double> l, int p, Span<double> b)
    {
        for (var i = 0; i < p; i++)
        {
            var s = b[i];
            for (var k = 0; k < i; k++)
            {
                s -= l[i * p + k] * b[k];
            }

            b[i] = s / l[i * p + i];
        }

        for (var i = p - 1; i >= 0; i--)
        {
            var s = b[i];
            for (var k = i + 1; k < p; k++)
            {
                s -= l[k * p + i] * b[k];
            }

            b[i] = s / l[i * p + i];
        }
    }

    /// <summary>The inverse (L Lᵀ)⁻¹ into <paramref name="inverse"/> (p × p, row-major).</summary>
    public static void Invert(ReadOnlySpan<double> l, int p, Span<double> inverse)
    {
        Span<double> column = stackalloc double[p];
        for (var j = 0; j < p; j++)
        {
            column.Clear();
            column[j] = 1.0;
            Solve(l, p, column);
            for (var i = 0; i < p; i++)
            {
                inverse[i * p + j] = column[i];
            }
        }
    }
}
