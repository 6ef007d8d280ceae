using MathNet.Numerics.LinearAlgebra;

namespace Vigia.Statistics.Interventions;

/// <summary>
/// The covariance of chosen coefficients of a Poisson fit with errors clustered by place, as R's
/// sandwich::vcovCL(fit, cluster = ~place) computes it for a glm: type HC0 with the G/(G−1)
/// adjustment, V = G/(G−1) · B (Σ_g u_g u_gᵀ) B, where B = (XᵀWX)⁻¹ and u_g = Σ_{i∈g} (y_i − μ_i) x_i.
/// Counts of one place are correlated over time; treating them as independent would overstate precision.
/// </summary>
public static class ClusterRobustCovariance
{
    public static Matrix<double> Of(
        PoissonFit fit, IReadOnlyList<DesignRow> rows, IReadOnlyList<double> y, IReadOnlyList<int> cluster, IReadOnlyList<int> coefficients)
    {
        var p = fit.Beta.Count;
        var scores = new Dictionary<int, Vector<double>>();
        for (var i = 0; i < rows.Count; i++)
        {
            if (!scores.TryGetValue(cluster[i], out var u))
            {
                u = Vector<double>.Build.Dense(p);
                scores[cluster[i]] = u;
            }

            var residual = y[i] - fit.Mu[i];
            for (var k = 0; k < rows[i].Columns.Length; k++)
            {
                u[rows[i].Columns[k]] += residual * rows[i].Values[k];
            }
        }

        // Only the rows of B for the chosen coefficients are needed: V_K = c Σ_g (B_K u_g)(B_K u_g)ᵀ.
        var breadRows = Matrix<double>.Build.DenseOfRowVectors(coefficients.Select(fit.InverseInformation.Row));
        var covariance = Matrix<double>.Build.Dense(coefficients.Count, coefficients.Count);
        foreach (var u in scores.Values)
        {
            var a = breadRows * u;
            covariance += a.OuterProduct(a);
        }

        var g = (double)scores.Count;
        return covariance * (g / (g - 1));
    }
}
