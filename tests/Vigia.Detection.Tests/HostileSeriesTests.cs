namespace Vigia.Detection.Tests;

/// <summary>
/// Counts no real series has, as hostile or broken input can make them: every detector still answers, and in bounded
/// work (a detector that never returns holds alerting's consumer, and with it every other rule, for good).
/// </summary>
public class HostileSeriesTests
{
    private static readonly TimeSpan s_liveness = TimeSpan.FromMinutes(2);

    public static TheoryData<string, double> Spikes => new()
    {
        { "auto", 1e4 },
        { "auto", 1e7 },
        { "auto", 2e9 },
        { "ears-c1", 2e9 },
        { "ears-c3", 2e9 },
        { "nb-regression", 2e9 },
        { "nb-cusum", 2e9 },
        { "threshold", 2e9 },
    };

    [Theory]
    [MemberData(nameof(Spikes))]
    public async Task EvaluateAll_OneGiantSpikeAmongFewCounts_AnswersEveryDayAndAlarmsOnTheSpike(string detector, double spike)
    {
        // Five years of a killing every few weeks, one day with a count no desk could report, then the days after it.
        var start = new DateOnly(2013, 1, 1);
        var counts = new double[5 * 365];
        for (var i = 0; i < counts.Length; i += 23)
        {
            counts[i] = 1;
        }

        var spikeDay = counts.Length - 30;
        counts[spikeDay] = spike;

        var results = await Task.Run(() => Detectors.Create(detector).EvaluateAll(counts, SeriesFrequency.Daily, start)).WaitAsync(s_liveness);

        Assert.Equal(counts.Length, results.Length);
        Assert.True(results[spikeDay].Alarm, $"{detector} on the spike: {results[spikeDay]}");
        // What an alert would show: an alarm's figures are numbers.
        Assert.All(results.Where(r => r.Alarm), r => Assert.True(double.IsFinite(r.Expected) && double.IsFinite(r.UpperBound), r.ToString()));
    }
}
