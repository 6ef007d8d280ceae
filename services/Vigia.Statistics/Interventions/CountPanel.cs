using Vigia.Common.V1;

namespace Vigia.Statistics.Interventions;

/// <summary>
/// Counts per place and period, the treated places marked. <see cref="RelativePeriods"/> gives each
/// period's distance in periods from the first one after the start (0), negative before it; the
/// period the start falls in mid-way is not in the panel, so the distances may skip one.
/// </summary>
public sealed record CountPanel(
    IReadOnlyList<string> Places,
    IReadOnlyList<bool> Treated,
    IReadOnlyList<DateOnly> Periods,
    IReadOnlyList<int> RelativePeriods,
    double[,] Counts,
    Granularity Granularity)
{
    /// <summary>Periods a year: the width of one event-study window.</summary>
    public int PeriodsPerYear => Granularity switch
    {
        Granularity.Week => 52,
        Granularity.Month => 12,
        _ => 1,
    };

    public int PrePeriodCount => RelativePeriods.Count(r => r < 0);

    public int PostPeriodCount => RelativePeriods.Count(r => r >= 0);

    public bool IsPost(int period) => RelativePeriods[period] >= 0;

    /// <summary>
    /// The panel without places or periods that have no count at all: their fixed effect would run
    /// to minus infinity and they say nothing about the effect (fixest drops them the same way).
    /// </summary>
    public CountPanel WithoutEmptyPlacesOrPeriods()
    {
        var places = Enumerable.Range(0, Places.Count).Where(g => Enumerable.Range(0, Periods.Count).Any(t => Counts[g, t] > 0)).ToList();
        var periods = Enumerable.Range(0, Periods.Count).Where(t => places.Any(g => Counts[g, t] > 0)).ToList();
        var counts = new double[places.Count, periods.Count];
        for (var g = 0; g < places.Count; g++)
        {
            for (var t = 0; t < periods.Count; t++)
            {
                counts[g, t] = Counts[places[g], periods[t]];
            }
        }

        return this with
        {
            Places = [.. places.Select(g => Places[g])],
            Treated = [.. places.Select(g => Treated[g])],
            Periods = [.. periods.Select(t => Periods[t])],
            RelativePeriods = [.. periods.Select(t => RelativePeriods[t])],
            Counts = counts,
        };
    }

    /// <summary>The sum over the treated (or control) places before (or after) the start.</summary>
    public double Total(bool treated, bool post)
    {
        var total = 0.0;
        for (var g = 0; g < Places.Count; g++)
        {
            for (var t = 0; t < Periods.Count; t++)
            {
                if (Treated[g] == treated && IsPost(t) == post)
                {
                    total += Counts[g, t];
                }
            }
        }

        return total;
    }

    /// <summary>
    /// The treated (or control) places' counts summed per period: the treated one is the series an interrupted time
    /// series reads; both are what a chart of the evaluation draws.
    /// </summary>
    public double[] SeriesOf(bool treated)
    {
        var series = new double[Periods.Count];
        for (var g = 0; g < Places.Count; g++)
        {
            for (var t = 0; t < Periods.Count && Treated[g] == treated; t++)
            {
                series[t] += Counts[g, t];
            }
        }

        return series;
    }
}
