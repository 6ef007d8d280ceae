namespace Vigia.Detection.Baselines;

/// <summary>
/// Log-linear Poisson regression fitted by iteratively reweighted least squares, with prior weights: the mean model
/// of a quasi-Poisson (or negative-binomial-plug-in) GLM. The dispersion is estimated by the caller from the residuals.
/// </summary>
internal static class PoissonRegression
{
    public const int MaxParameters = 8;

    private const int MaxIterations = 30;
    private const double Tolerance = 1e-5;
    private const double MaxLinearPredictor = 30.0;

    /// <summary>
    /// Fits log E[y] = Xβ. <paramref name="design"/> is n×p, row-major. <paramref name="beta"/> holds the starting values
    /// on entry (all zero: start from the weighted mean) and the estimate on return; <paramref name="inverseInformation"/>
    /// (p × p) receives (XᵀWX)⁻¹ at the estimate.
    /// </summary>
    /// <returns>False when the fit does not converge or the information matrix is singular.</returns>
    public static bool Fit(ReadOnlySpan<double> y, ReadOnlySpan<double> design, ReadOnlySpan<double> priorWeights, Span<double> beta, Span<double> inverseInformation)
    {
        var n = y.Length;
        var p = beta.Length;
        if (p > MaxParameters)
        {
            throw new ArgumentOutOfRangeException(nameof(beta), $"At most {MaxParameters} parameters.");
        }

        if (beta.IndexOfAnyExcept(0.0) < 0)
        {
            var sw = 0.0;
            var swy = 0.0;
            for (var i = 0; i < n; i++)
            {
                sw += priorWeights[i];
                swy += priorWeights[i] * y[i];
            }

            if (!(swy > 0))
            {
                return false;
            }

            beta[0] = Math.Log(swy / sw);
        }

        Span<double> xtwx = stackalloc double[p * p];
        Span<double> xtwz = stackalloc double[p];
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            xtwx.Clear();
            xtwz.Clear();
            for (var i = 0; i < n; i++)
            {
                var row = design.Slice(i * p, p);
                var eta = Math.Clamp(Dot(row, beta), -MaxLinearPredictor, MaxLinearPredictor);
                var mu = Math.Exp(eta);
                var w = priorWeights[i] * mu;
                var wz = w * eta + priorWeights[i] * (y[i] - mu);
                var offset = 0;
                for (var j = 0; j < row.Length; j++)
                {
                    var wx = w * row[j];
                    xtwz[j] += row[j] * wz;
                    var line = xtwx.Slice(offset, j + 1);
                    for (var k = 0; k < line.Length; k++)
                    {
                        line[k] += wx * row[k];
                    }

                    offset += p;
                }
            }

            if (!SmallCholesky.Factor(xtwx, p))
            {
                return false;
            }

            SmallCholesky.Solve(xtwx, p, xtwz);
            var change = 0.0;
            for (var j = 0; j < p; j++)
            {
                if (!double.IsFinite(xtwz[j]))
                {
                    return false;
                }

                change = Math.Max(change, Math.Abs(xtwz[j] - beta[j]));
                beta[j] = xtwz[j];
            }

            // A change of 1e-5 in a log-linear coefficient moves the fitted mean by a thousandth of a percent: far below its error.
            if (change < Tolerance)
            {
                // The information at the last iterate differs from the one at the estimate by O(change): negligible.
                SmallCholesky.Invert(xtwx, p, inverseInformation);
                return true;
            }
        }

        return false;
    }

    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> beta)
    {
        var s = 0.0;
        for (var j = 0; j < beta.Length; j++)
        {
            s += x[j] * beta[j];
        }

        return s;
    }
}
