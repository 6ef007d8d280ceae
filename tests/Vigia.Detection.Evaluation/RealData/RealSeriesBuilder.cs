using Vigia.Detection;

namespace Vigia.Detection.Evaluation.RealData;

/// <summary>
/// Builds the real-data group: daily homicide victims per Colombian department (and the national total), 2003–2012, for
/// the departments averaging at least <c>minMean</c> a day in 2011–2012; 2012 is the evaluation window, with waves planted
/// as in the simulation, their size measured against the standard deviation of the eight weeks before.
/// </summary>
internal static class RealSeriesBuilder
{
    public static readonly DateOnly FirstDate = new(2003, 1, 1);
    public static readonly DateOnly EvaluationFrom = new(2012, 1, 1);
    public static readonly DateOnly LastDate = new(2012, 12, 31);

    public static List<EvaluationSeries> Build(string directory, int seed, double minMean, int maxSeries)
    {
        var victims = HomicideWorkbooks.ReadVictims(directory);
        var length = LastDate.DayNumber - FirstDate.DayNumber + 1;
        var byDepartment = new Dictionary<string, double[]>();
        var national = new double[length];
        foreach (var ((department, date), n) in victims)
        {
            if (date < FirstDate || date > LastDate)
            {
                continue;
            }

            if (!byDepartment.TryGetValue(department, out var counts))
            {
                counts = new double[length];
                byDepartment[department] = counts;
            }

            counts[date.DayNumber - FirstDate.DayNumber] += n;
            national[date.DayNumber - FirstDate.DayNumber] += n;
        }

        var evaluationStart = EvaluationFrom.DayNumber - FirstDate.DayNumber;
        var recentStart = new DateOnly(2011, 1, 1).DayNumber - FirstDate.DayNumber;
        var candidates = byDepartment
            .Select(kv => (Name: kv.Key, Counts: kv.Value, Mean: kv.Value[recentStart..].Average()))
            .Where(c => c.Mean >= minMean)
            .OrderByDescending(c => c.Mean)
            .Take(maxSeries - 1)
            .Prepend(("COLOMBIA", national, national[recentStart..].Average()))
            .ToList();

        var series = new List<EvaluationSeries>();
        for (var i = 0; i < candidates.Count; i++)
        {
            var (name, original, _) = candidates[i];
            var counts = (double[])original.Clone();
            var random = new Random(StableSeed.Of(seed, name, i));
            double BaselineSd(int t)
            {
                var before = original[Math.Max(0, t - 56)..t];
                var mean = before.Average();
                var variance = before.Sum(v => (v - mean) * (v - mean)) / (before.Length - 1);
                return Math.Sqrt(Math.Max(mean, variance));
            }

            var outbreaks = OutbreakPlanter.PlantEvaluationWindow(random, counts, evaluationStart, 45, i, SeriesFrequency.Daily, BaselineSd);
            series.Add(new EvaluationSeries(Slug(name), "real", Slug(name), SeriesFrequency.Daily, FirstDate, counts, evaluationStart, outbreaks));
        }

        return series;
    }

    private static string Slug(string name) => new([.. name.Select(c => char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-')]);
}
