using MathNet.Numerics.LinearAlgebra;

namespace Vigia.Detection.Baselines;

/// <summary>
/// Log-linear Poisson regression fitted by iteratively reweighted least squares, with prior weights: the mean model
/// of a quasi-Poisson (or negative-binomial-plug-in) GLM. The dispersion is estimated by the caller from the residuals.
/// </summary>
internal static class PoissonRegression
{
    private const int MaxIterations = 30;
    private const double Tolerance = 1e-8;
    private const double MaxLinearPredictor = 30.0;

    /// <summary>
    /// Fits log E[y] = Xβ. <paramref name="design"/> is n×p, row-major. <paramref name="beta"/> holds the starting values
    /// on entry (all zero: start from the weighted mean) and the estimate on return.
    /// </summary>
    /// <returns>(XᵀWX)⁻¹ at the estimate, or null when the fit does not converge.</returns>
    public static Matrix<double>? Fit(ReadOnlySpan<double> y, ReadOnlySpan<double> design, ReadOnlySpan<double> priorWeights, Span<double> beta)
    {
        var n = y.Length;
        var p = beta.Length;
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
                return null;
            }

            beta[0] = Math.Log(swy / sw);
        }

        var information = Matrix<double>.Build.Dense(p, p);
        var score = Vector<double>.Build.Dense(p);
        var previousDeviance = double.PositiveInfinity;
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            information.Clear();
            score.Clear();
            var deviance = 0.0;
            for (var i = 0; i < n; i++)
            {
                var row = design.Slice(i * p, p);
                var eta = Math.Clamp(Dot(row, beta), -MaxLinearPredictor, MaxLinearPredictor);
                var mu = Math.Exp(eta);
                var w = priorWeights[i] * mu;
                var z = eta + (y[i] - mu) / mu;
                deviance += priorWeights[i] * UnitDeviance(y[i], mu);
                for (var j = 0; j < p; j++)
                {
                    var wx = w * row[j];
                    score[j] += wx * z;
                    for (var k = 0; k <= j; k++)
                    {
                        information[j, k] += wx * row[k];
                    }
                }
            }

            for (var j = 0; j < p; j++)
            {
                for (var k = 0; k < j; k++)
                {
                    information[k, j] = information[j, k];
                }
            }

            Vector<double> next;
            try
            {
                next = information.Cholesky().Solve(score);
            }
            catch (ArgumentException)
            {
                return null;
            }

            var change = 0.0;
            for (var j = 0; j < p; j++)
            {
                if (!double.IsFinite(next[j]))
                {
                    return null;
                }

                change = Math.Max(change, Math.Abs(next[j] - beta[j]));
                beta[j] = next[j];
            }

            if (change < Tolerance || Math.Abs(previousDeviance - deviance) < Tolerance * (1.0 + Math.Abs(deviance)))
            {
                return information.Inverse();
            }

            previousDeviance = deviance;
        }

        return null;
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

    private static double UnitDeviance(double y, double mu) =>
        y > 0 ? 2.0 * (y * Math.Log(y / mu) - (y - mu)) : 2.0 * mu;
}
