using Vigia.Common.V1;

namespace Vigia.Statistics.Interventions;

/// <summary>
/// An interrupted-time-series estimate: the level and slope changes at the start, and the effect
/// (on the log scale) at the middle of the period after it, with its standard error.
/// </summary>
public sealed record InterruptedTimeSeriesEstimate(
    double LogEffect,
    double StandardError,
    double AbsoluteEffect,
    double LevelChange,
    double LevelChangeStandardError,
    double SlopeChange,
    double SlopeChangeStandardError,
    double Dispersion);

/// <summary>
/// Segmented quasi-Poisson regression of one series: log E[y_t] = a + b·t + c·post_t + d·post_t·(t − t0)
/// + season, with t in periods, post_t = 1 from the start (t0) on, and a dummy per calendar month
/// (monthly series) or one annual harmonic (weekly series) for the season. Over-dispersion scales
/// the errors by the Pearson chi-square over its degrees of freedom, as R's quasipoisson family does.
/// The effect is c + d·m, the change at m, the middle of the period after the start: a level change
/// alone would ignore a change of slope, a slope change alone a step.
/// </summary>
public static class InterruptedTimeSeries
{
    public static InterruptedTimeSeriesEstimate? Estimate(IReadOnlyList<double> y, IReadOnlyList<DateOnly> periods, IReadOnlyList<int> relative, Granularity granularity)
    {
        var rows = new List<DesignRow>(y.Count);
        var seasonColumns = granularity switch
        {
            Granularity.Month => 11,
            Granularity.Week => 2,
            _ => 0,
        };
        var columns = 4 + seasonColumns;
        for (var i = 0; i < y.Count; i++)
        {
            var post = relative[i] >= 0 ? 1.0 : 0.0;
            var cells = new List<(int, double)> { (0, 1), (1, relative[i] - relative[0]), (2, post), (3, post * relative[i]) };
            if (granularity == Granularity.Month && periods[i].Month > 1)
            {
                cells.Add((4 + periods[i].Month - 2, 1));
            }
            else if (granularity == Granularity.Week)
            {
                var angle = 2 * Math.PI * periods[i].DayOfYear / 365.25;
                cells.Add((4, Math.Cos(angle)));
                cells.Add((5, Math.Sin(angle)));
            }

            rows.Add(new DesignRow([.. cells.Select(c => c.Item1)], [.. cells.Select(c => c.Item2)]));
        }

        var fit = PoissonRegression.Fit(rows, y, columns);
        if (fit is null)
        {
            return null;
        }

        var pearson = 0.0;
        for (var i = 0; i < y.Count; i++)
        {
            pearson += (y[i] - fit.Mu[i]) * (y[i] - fit.Mu[i]) / fit.Mu[i];
        }

        var dispersion = pearson / (y.Count - columns);
        var middle = relative.Max() / 2.0;
        var (level, slope) = (fit.Beta[2], fit.Beta[3]);
        var covariance = fit.InverseInformation;
        var variance = dispersion * (covariance[2, 2] + middle * middle * covariance[3, 3] + 2 * middle * covariance[2, 3]);
        var absolute = 0.0;
        for (var i = 0; i < y.Count; i++)
        {
            if (relative[i] >= 0)
            {
                absolute += fit.Mu[i] * (1 - Math.Exp(-(level + slope * relative[i])));
            }
        }

        return new InterruptedTimeSeriesEstimate(
            level + slope * middle, Math.Sqrt(variance), absolute,
            level, Math.Sqrt(dispersion * covariance[2, 2]), slope, Math.Sqrt(dispersion * covariance[3, 3]), dispersion);
    }
}
