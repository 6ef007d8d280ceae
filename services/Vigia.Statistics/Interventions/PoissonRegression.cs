using MathNet.Numerics.LinearAlgebra;

namespace Vigia.Statistics.Interventions;

/// <summary>A log-linear Poisson fit: coefficients, fitted means and (XᵀWX)⁻¹ at the estimate (the bread of a sandwich).</summary>
public sealed record PoissonFit(Vector<double> Beta, double[] Mu, Matrix<double> InverseInformation);

/// <summary>
/// Log-linear Poisson regression by iteratively reweighted least squares over sparse rows, as R's
/// glm(family = poisson) fits it. Vigia.Detection has a fitter too, but it is built for at most eight
/// dense parameters on the stack; a panel with place and period effects has hundreds.
/// </summary>
public static class PoissonRegression
{
    private const int MaxIterations = 50;

    /// <summary>R's glm.control(epsilon) is 1e-8; tighter, so the estimates agree with R's well past 3 significant digits.</summary>
    private const double DevianceTolerance = 1e-10;

    /// <returns>Null when the fit does not converge or the design is singular.</returns>
    public static PoissonFit? Fit(IReadOnlyList<DesignRow> rows, IReadOnlyList<double> y, int columns)
    {
        var n = rows.Count;
        var beta = Vector<double>.Build.Dense(columns);
        var mean = y.Average();
        if (!(mean > 0))
        {
            return null;
        }

        // Every design here has its intercept in column 0: starting from the overall mean keeps the first step small.
        beta[0] = Math.Log(mean);
        var previousDeviance = double.PositiveInfinity;
        var mu = new double[n];
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            var information = new double[columns * columns];
            var score = Vector<double>.Build.Dense(columns);
            for (var i = 0; i < n; i++)
            {
                var row = rows[i];
                var eta = row.Dot(beta);
                var m = Math.Exp(eta);
                var z = eta + (y[i] - m) / m;
                for (var a = 0; a < row.Columns.Length; a++)
                {
                    var wa = m * row.Values[a];
                    score[row.Columns[a]] += wa * z;
                    for (var b = 0; b < row.Columns.Length; b++)
                    {
                        information[row.Columns[b] * columns + row.Columns[a]] += wa * row.Values[b];
                    }
                }
            }

            var cholesky = TryCholesky(Matrix<double>.Build.Dense(columns, columns, information));
            if (cholesky is null)
            {
                return null;
            }

            beta = cholesky.Solve(score);
            var deviance = 0.0;
            for (var i = 0; i < n; i++)
            {
                mu[i] = Math.Exp(rows[i].Dot(beta));
                deviance += 2 * ((y[i] > 0 ? y[i] * Math.Log(y[i] / mu[i]) : 0) - (y[i] - mu[i]));
            }

            if (!double.IsFinite(deviance))
            {
                return null;
            }

            if (Math.Abs(deviance - previousDeviance) / (Math.Abs(deviance) + 0.1) < DevianceTolerance)
            {
                return new PoissonFit(beta, mu, Information(rows, mu, columns).Cholesky().Solve(Matrix<double>.Build.DenseIdentity(columns)));
            }

            previousDeviance = deviance;
        }

        return null;
    }

    private static Matrix<double> Information(IReadOnlyList<DesignRow> rows, double[] mu, int columns)
    {
        var information = new double[columns * columns];
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            for (var a = 0; a < row.Columns.Length; a++)
            {
                for (var b = 0; b < row.Columns.Length; b++)
                {
                    information[row.Columns[b] * columns + row.Columns[a]] += mu[i] * row.Values[a] * row.Values[b];
                }
            }
        }

        return Matrix<double>.Build.Dense(columns, columns, information);
    }

    private static MathNet.Numerics.LinearAlgebra.Factorization.Cholesky<double>? TryCholesky(Matrix<double> matrix)
    {
        try
        {
            return matrix.Cholesky();
        }
        catch (ArgumentException)
        {
            // MathNet signals a matrix that is not positive definite (a design without full rank) this way.
            return null;
        }
    }
}
