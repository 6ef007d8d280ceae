namespace Vigia.Alerting.Series;

/// <summary>
/// The counts each rule's series were last judged on in this process, so the next pass over a series reads from
/// statistics only the days its changes touch and those after, not again the years of history its detector needs: a
/// live report's pass read six years of the country's daily counts for each rule, the largest part of the pass. An
/// entry is used only while the series' token in the database (<see cref="SeriesReadRecord"/>) is the one this process
/// wrote with it: once another replica has judged the series, or the pass that wrote the entry was rolled back, the
/// tokens differ and the series is read whole again. A day that a change still on its way to alerting moved keeps its
/// earlier count here until that change is judged, and its pass reads the day again: as a read made just before
/// statistics applied the change would have. Counts that move with no SeriesChanged at all (statistics rebuilt or
/// restored, a replica of an earlier release judging without tokens during a rolling upgrade) are read again once an
/// entry is <see cref="MaxAge"/> old.
/// </summary>
public sealed class SeriesCache(TimeProvider time)
{
    /// <summary>How long an entry serves: past it the series is read whole, whatever its token.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The most days held over all series, past which the cache starts over rather than grow: 16 MB of counts (a series
    /// of eleven years is about 4,000 days; a rule by municipality has hundreds of series).
    /// </summary>
    public const int MaxDays = 2_000_000;

    private readonly Lock _lock = new();
    private readonly Dictionary<(string RuleId, string SeriesKey), Entry> _entries = [];
    private int _days;

    /// <summary>
    /// The counts this process last judged the series on, if <paramref name="token"/> (the series' token as the pass read
    /// it under the series' lock) is the one written with them and the rule has not changed since (<paramref name="ruleVersion"/>).
    /// </summary>
    public DailySeries? Get(string ruleId, string seriesKey, DateTime ruleVersion, Guid? token)
    {
        if (token is not { } current)
        {
            return null;
        }

        lock (_lock)
        {
            return _entries.TryGetValue((ruleId, seriesKey), out var entry) && entry.Token == current && entry.RuleVersion == ruleVersion
                && time.GetElapsedTime(entry.PutAt) < MaxAge
                ? entry.Counts
                : null;
        }
    }

    /// <summary>Keeps the counts the series was judged on, with the token the pass writes for it.</summary>
    public void Put(string ruleId, string seriesKey, DateTime ruleVersion, Guid token, DailySeries counts)
    {
        lock (_lock)
        {
            if (_entries.Remove((ruleId, seriesKey), out var old))
            {
                _days -= old.Counts.Counts.Length;
            }

            if (_days + counts.Counts.Length > MaxDays)
            {
                _entries.Clear();
                _days = 0;
            }

            _entries[(ruleId, seriesKey)] = new Entry(ruleVersion, token, counts, time.GetTimestamp());
            _days += counts.Counts.Length;
        }
    }

    private sealed record Entry(DateTime RuleVersion, Guid Token, DailySeries Counts, long PutAt);
}
