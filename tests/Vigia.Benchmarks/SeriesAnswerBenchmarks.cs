using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Google.Protobuf;
using Vigia.Alerting.Series;
using Vigia.Contracts.Selectors;
using Vigia.ServiceDefaults.Grpc;
using Vigia.Statistics.Grpc;
using Vigia.Statistics.Series;
using Vigia.Statistics.V1;

namespace Vigia.Benchmarks;

/// <summary>
/// What one of alerting's series reads costs on the wire: a rule grouped by department over eleven years of days (the
/// million-report stream's history), as statistics writes the GetTimeSeries answer and alerting reads it into its
/// daily series: dated points (before <c>values_only</c>) against values alone, each points method the baseline of
/// its category.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class SeriesAnswerBenchmarks
{
    private const int Departments = 14;
    private static readonly DateOnly s_first = new(2015, 1, 1);
    private static readonly DateOnly s_last = new(2025, 12, 31);

    private List<SeriesResult> _series = [];
    private byte[] _points = [];
    private byte[] _values = [];

    [GlobalSetup]
    public void SetUp()
    {
        var days = s_last.DayNumber - s_first.DayNumber + 1;
        var random = new Random(7);
        _series = [.. Enumerable.Range(1, Departments).Select(d => new SeriesResult(
            $"SV-{d:00}",
            Selection.From(new Common.V1.Selector { Admin1 = { $"SV-{d:00}" } }),
            [.. Enumerable.Range(0, days).Select(i => new SeriesPoint(s_first.AddDays(i), random.Next(4) == 0 ? random.Next(1, 6) : 0))]))];
        _points = ResponseMapping.ToResponse(_series, valuesOnly: false).ToByteArray();
        _values = ResponseMapping.ToResponse(_series, valuesOnly: true).ToByteArray();
        Console.WriteLine(
            $"// {Departments} series of {days:N0} days: {_points.Length:N0} bytes as dated points, {_values.Length:N0} bytes as values");
    }

    [Benchmark(Baseline = true, Description = "14 × 11 years of days → dated points")]
    [BenchmarkCategory("statistics writes")]
    public byte[] WritePoints() => ResponseMapping.ToResponse(_series, valuesOnly: false).ToByteArray();

    [Benchmark(Description = "14 × 11 years of days → values")]
    [BenchmarkCategory("statistics writes")]
    public byte[] WriteValues() => ResponseMapping.ToResponse(_series, valuesOnly: true).ToByteArray();

    [Benchmark(Baseline = true, Description = "dated points → alerting's daily series")]
    [BenchmarkCategory("alerting reads")]
    public double ReadPoints()
    {
        var total = 0.0;
        foreach (var series in GetTimeSeriesResponse.Parser.ParseFrom(_points).Series)
        {
            total += DailySeries.From(s_first, s_last, series.Points.Select(p => (ProtoDates.ToDateOnly(p.Date), p.Value))).Counts[^1];
        }

        return total;
    }

    [Benchmark(Description = "values → alerting's daily series")]
    [BenchmarkCategory("alerting reads")]
    public double ReadValues()
    {
        var total = 0.0;
        foreach (var series in GetTimeSeriesResponse.Parser.ParseFrom(_values).Series)
        {
            total += DailySeries.FromValues(s_first, s_last, series.Values).Counts[^1];
        }

        return total;
    }
}
