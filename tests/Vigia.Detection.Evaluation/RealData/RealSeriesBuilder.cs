using Vigia.Detection;

namespace Vigia.Detection.Evaluation.RealData;

/// <summary>
/// Builds the real-data groups from the homicide victims per Colombian department (and the national total), 2003 up to
/// the last year: the departments averaging at least <c>minMean</c> a day over the last two years, as daily series (group
/// "real", the last year evaluated) and as weekly series of Monday–Sunday weeks (group "real-weekly", the last two years
/// evaluated). Outbreaks are planted in the evaluation window as in the simulation, their size measured against the
/// standard deviation of the eight weeks before.
/// </summary>
internal static class RealSeriesBuilder
{
    public const string DailyGroup = "real";
    public const string WeeklyGroup = "real-weekly";

    public static readonly DateOnly FirstDate = new(2003, 1, 1);

    /// <summary>The last year of the workbooks; the reported tables evaluate it (and, weekly, the year before).</summary>
    public const int LastYear = 2012;

    /// <summary>Daily series, the last year evaluated with one outbreak per 45 days.</summary>
    public static List<EvaluationSeries> BuildDaily(IReadOnlyDictionary<(string Department, DateOnly Date), double> victims, int seed, double minMean, int maxSeries, int lastYear)
    {
        var evaluationStart = new DateOnly(lastYear, 1, 1).DayNumber - FirstDate.DayNumber;
        return [.. Departments(victims, minMean, maxSeries, lastYear).Select((department, i) =>
        {
            var (name, days) = department;
            return Plant(name, i, days, evaluationStart, DailyGroup, SeriesFrequency.Daily, FirstDate, seed);
        })];
    }

    /// <summary>
    /// Weekly series of whole Monday–Sunday weeks, the last two years evaluated with one outbreak per 17 weeks: a year of
    /// weekly data holds three slots, too few to tell detectors apart.
    /// </summary>
    public static List<EvaluationSeries> BuildWeekly(IReadOnlyDictionary<(string Department, DateOnly Date), double> victims, int seed, double minMean, int maxSeries, int lastYear)
    {
        var firstMonday = NextMonday(FirstDate);
        var offset = firstMonday.DayNumber - FirstDate.DayNumber;
        var weeks = (new DateOnly(lastYear, 12, 31).DayNumber - firstMonday.DayNumber + 1) / 7;
        var evaluationStart = (NextMonday(new DateOnly(lastYear - 1, 1, 1)).DayNumber - firstMonday.DayNumber) / 7;
        return [.. Departments(victims, minMean, maxSeries, lastYear).Select((department, i) =>
        {
            var (name, days) = department;
            var counts = new double[weeks];
            for (var w = 0; w < weeks; w++)
            {
                counts[w] = days[(offset + 7 * w)..(offset + 7 * w + 7)].Sum();
            }

            return Plant(name, i, counts, evaluationStart, WeeklyGroup, SeriesFrequency.Weekly, firstMonday, seed);
        })];
    }

    /// <summary>
    /// Daily victims from <see cref="FirstDate"/> to the end of <paramref name="lastYear"/>: the national total first, then
    /// the departments averaging at least <paramref name="minMean"/> a day over the last two years, busiest first.
    /// </summary>
    private static List<(string Name, double[] Days)> Departments(IReadOnlyDictionary<(string Department, DateOnly Date), double> victims, double minMean, int maxSeries, int lastYear)
    {
        var last = new DateOnly(lastYear, 12, 31);
        var length = last.DayNumber - FirstDate.DayNumber + 1;
        var byDepartment = new Dictionary<string, double[]>();
        var national = new double[length];
        foreach (var ((department, date), n) in victims)
        {
            if (date < FirstDate || date > last)
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

        var recentStart = new DateOnly(lastYear - 1, 1, 1).DayNumber - FirstDate.DayNumber;
        return [.. byDepartment
            .Select(kv => (Name: kv.Key, Days: kv.Value, Mean: kv.Value[recentStart..].Average()))
            .Where(c => c.Mean >= minMean)
            .OrderByDescending(c => c.Mean)
            .Take(maxSeries - 1)
            .Select(c => (c.Name, c.Days))
            .Prepend(("COLOMBIA", national))];
    }

    private static EvaluationSeries Plant(string name, int index, double[] original, int evaluationStart, string group, SeriesFrequency frequency, DateOnly firstDate, int seed)
    {
        var counts = (double[])original.Clone();
        var random = new Random(StableSeed.Of(seed, name, index));
        var eightWeeks = frequency == SeriesFrequency.Daily ? 56 : 8;
        double BaselineSd(int t)
        {
            var before = original[Math.Max(0, t - eightWeeks)..t];
            var mean = before.Average();
            var variance = before.Sum(v => (v - mean) * (v - mean)) / (before.Length - 1);
            return Math.Sqrt(Math.Max(mean, variance));
        }

        var slot = frequency == SeriesFrequency.Daily ? 45 : 17;
        var outbreaks = OutbreakPlanter.PlantEvaluationWindow(random, counts, evaluationStart, slot, index, frequency, BaselineSd);
        return new EvaluationSeries(Slug(name), group, Slug(name), frequency, firstDate, counts, evaluationStart, outbreaks);
    }

    private static DateOnly NextMonday(DateOnly date) => date.AddDays(((int)DayOfWeek.Monday - (int)date.DayOfWeek + 7) % 7);

    private static string Slug(string name) => new([.. name.Select(c => char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-')]);
}
