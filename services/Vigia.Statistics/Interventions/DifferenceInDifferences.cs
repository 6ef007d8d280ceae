using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace Vigia.Statistics.Interventions;

/// <summary>One event-study window: treated against control in the year (of periods) starting RelativePeriod periods from the start.</summary>
public sealed record EventStudyWindow(int RelativePeriod, DateOnly Date, double LogEffect, double StandardError);

/// <summary>A difference-in-differences estimate with its event study and the pre-trend test (degrees of freedom 0: untested).</summary>
public sealed record DifferenceInDifferencesEstimate(
    double LogEffect,
    double StandardError,
    double AbsoluteEffect,
    IReadOnlyList<EventStudyWindow> EventStudy,
    double PreTrendChiSquare,
    int PreTrendDegreesOfFreedom,
    double PreTrendPValue);

/// <summary>
/// Difference-in-differences as a Poisson two-way fixed-effects regression: log E[y_gt] = a_g + c_t + b·D_gt,
/// D_gt = 1 for a treated place after the start; exp(b) is the rate ratio. Errors are clustered by
/// place. The event study replaces D with treated × window dummies (windows of a year of periods,
/// the one just before the start as reference); the leads (windows before that) should be zero when
/// treated and control places moved together, and a Wald chi-square on them tests it jointly.
/// </summary>
public static class DifferenceInDifferences
{
    /// <returns>Null when a fit does not converge.</returns>
    public static DifferenceInDifferencesEstimate? Estimate(CountPanel panel)
    {
        var (rows, y, cluster) = FixedEffectRows(panel);
        var effectColumn = panel.Places.Count + panel.Periods.Count - 1;
        var withEffect = rows.Select((row, i) => Extend(row, IsTreatedPost(panel, i) ? [(effectColumn, 1.0)] : [])).ToList();
        var fit = PoissonRegression.Fit(withEffect, y, effectColumn + 1);
        if (fit is null)
        {
            return null;
        }

        var b = fit.Beta[effectColumn];
        var variance = ClusterRobustCovariance.Of(fit, withEffect, y, cluster, [effectColumn])[0, 0];
        var absolute = 0.0;
        for (var i = 0; i < withEffect.Count; i++)
        {
            if (IsTreatedPost(panel, i))
            {
                absolute += fit.Mu[i] * (1 - Math.Exp(-b));
            }
        }

        var study = EventStudy(panel, rows, y, cluster, effectColumn);
        if (study is null)
        {
            return null;
        }

        var estimate = new DifferenceInDifferencesEstimate(b, Math.Sqrt(variance), absolute, study.Value.Windows, 0, 0, 1);
        return study.Value.Leads.Count == 0 ? estimate : WithPreTrendTest(estimate, study.Value.Leads, study.Value.LeadCovariance);
    }

    private static DifferenceInDifferencesEstimate WithPreTrendTest(
        DifferenceInDifferencesEstimate estimate, Vector<double> leads, Matrix<double> covariance)
    {
        Vector<double> solved;
        try
        {
            solved = covariance.Cholesky().Solve(leads);
        }
        catch (ArgumentException)
        {
            // More leads than the clustered covariance has rank for (too few places): no test.
            return estimate;
        }

        var chiSquare = leads.DotProduct(solved);
        return estimate with
        {
            PreTrendChiSquare = chiSquare,
            PreTrendDegreesOfFreedom = leads.Count,
            PreTrendPValue = 1 - ChiSquared.CDF(leads.Count, chiSquare),
        };
    }

    private static (IReadOnlyList<EventStudyWindow> Windows, Vector<double> Leads, Matrix<double> LeadCovariance)? EventStudy(
        CountPanel panel, IReadOnlyList<DesignRow> rows, IReadOnlyList<double> y, IReadOnlyList<int> cluster, int firstColumn)
    {
        var windowOf = panel.RelativePeriods.Select(r => (int)Math.Floor(r / (double)panel.PeriodsPerYear)).ToArray();
        var windows = windowOf.Where(w => w != -1).Distinct().Order().ToArray();
        var columnOf = windows.Select((w, k) => (w, k)).ToDictionary(x => x.w, x => firstColumn + x.k);
        var studyRows = rows.Select((row, i) =>
        {
            var (g, t) = (i / panel.Periods.Count, i % panel.Periods.Count);
            return Extend(row, panel.Treated[g] && columnOf.TryGetValue(windowOf[t], out var column) ? [(column, 1.0)] : []);
        }).ToList();
        var fit = PoissonRegression.Fit(studyRows, y, firstColumn + windows.Length);
        if (fit is null)
        {
            return null;
        }

        var columns = windows.Select(w => columnOf[w]).ToArray();
        var covariance = ClusterRobustCovariance.Of(fit, studyRows, y, cluster, columns);
        var result = windows.Select((w, k) =>
        {
            var first = Array.FindIndex(windowOf, x => x == w);
            return new EventStudyWindow(panel.RelativePeriods[first], panel.Periods[first], fit.Beta[columns[k]], Math.Sqrt(covariance[k, k]));
        }).ToList();
        var leadIndexes = windows.Select((w, k) => (w, k)).Where(x => x.w < -1).Select(x => x.k).ToArray();
        var leads = Vector<double>.Build.DenseOfEnumerable(leadIndexes.Select(k => fit.Beta[columns[k]]));
        var leadCovariance = Matrix<double>.Build.Dense(leadIndexes.Length, leadIndexes.Length, (r, c) => covariance[leadIndexes[r], leadIndexes[c]]);
        return (result, leads, leadCovariance);
    }

    /// <summary>Intercept, a dummy per place but the first, a dummy per period but the first; rows place-major.</summary>
    private static (List<DesignRow> Rows, double[] Y, int[] Cluster) FixedEffectRows(CountPanel panel)
    {
        var (places, periods) = (panel.Places.Count, panel.Periods.Count);
        var rows = new List<DesignRow>(places * periods);
        var y = new double[places * periods];
        var cluster = new int[places * periods];
        for (var g = 0; g < places; g++)
        {
            for (var t = 0; t < periods; t++)
            {
                var columns = new List<int> { 0 };
                if (g > 0)
                {
                    columns.Add(g);
                }

                if (t > 0)
                {
                    columns.Add(places - 1 + t);
                }

                rows.Add(new DesignRow([.. columns], [.. columns.Select(_ => 1.0)]));
                y[rows.Count - 1] = panel.Counts[g, t];
                cluster[rows.Count - 1] = g;
            }
        }

        return (rows, y, cluster);
    }

    private static bool IsTreatedPost(CountPanel panel, int row) =>
        panel.Treated[row / panel.Periods.Count] && panel.IsPost(row % panel.Periods.Count);

    private static DesignRow Extend(DesignRow row, (int Column, double Value)[] extra) => extra.Length == 0
        ? row
        : new DesignRow([.. row.Columns, .. extra.Select(e => e.Column)], [.. row.Values, .. extra.Select(e => e.Value)]);
}
