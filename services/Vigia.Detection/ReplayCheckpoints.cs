using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Vigia.Detection.Baselines;

namespace Vigia.Detection;

/// <summary>
/// Where the automatic detector's replays of a series stood, at points every <see cref="Stride"/>, by everything the
/// replay up to there read: the counts before the point (by their SHA-256), the series' first date, its frequency and
/// the options. A live report changes today's count, so a pass that replayed five years (some 2,000 days of tail
/// probabilities, 2 ms a series) resumes a few weeks back instead; the state before a point is a pure function of its
/// key, so a resumed replay says exactly what the whole replay says.
/// </summary>
internal static class ReplayCheckpoints
{
    /// <summary>Points between checkpoints: a replay resumes at most this many points before the first it must judge.</summary>
    public const int Stride = 28;

    /// <summary>
    /// About a kilobyte a checkpoint with its key, so some 5 MB at most. A pass over El Salvador's default rules needs some
    /// twenty series' latest checkpoints and leaves two a series. Past it the memo starts over rather than grow.
    /// </summary>
    private const int Capacity = 4_096;

    private static readonly BoundedMemo<Key, ReplayCheckpoint> s_checkpoints = new(Capacity);
    private static long s_resumed;

    /// <summary>How many replays this process has resumed from a checkpoint.</summary>
    internal static long Resumed => Interlocked.Read(ref s_resumed);

    internal static void Clear() => s_checkpoints.Clear();

    /// <summary>The keys of the checkpoints of <paramref name="counts"/>: element k for the point (k + 1) × Stride, up to the last point.</summary>
    public static Key[] KeysOf(ReadOnlySpan<double> counts, SeriesFrequency frequency, DateOnly firstDate, AutomaticOptions options)
    {
        var keys = new Key[Math.Max(0, (counts.Length - 1) / Stride)];
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        for (var k = 0; k < keys.Length; k++)
        {
            hash.AppendData(MemoryMarshal.AsBytes(counts.Slice(k * Stride, Stride)));
            hash.GetCurrentHash(digest);
            keys[k] = new Key(BinaryPrimitives.ReadUInt128LittleEndian(digest), (k + 1) * Stride, frequency, firstDate, options);
        }

        return keys;
    }

    /// <summary>The latest checkpoint at or before point <paramref name="from"/>, if this process has one.</summary>
    public static ReplayCheckpoint? Latest(Key[] keys, int from)
    {
        for (var k = Math.Min(keys.Length, from / Stride) - 1; k >= 0; k--)
        {
            if (s_checkpoints.TryGet(keys[k], out var checkpoint))
            {
                Interlocked.Increment(ref s_resumed);
                return checkpoint;
            }
        }

        return null;
    }

    public static void Add(Key key, ReplayCheckpoint checkpoint) => s_checkpoints.Add(key, checkpoint);

    internal readonly record struct Key(UInt128 Counts, int Point, SeriesFrequency Frequency, DateOnly FirstDate, AutomaticOptions Options);
}

/// <summary>
/// The automatic detector's replay state before <see cref="Point"/>: the CUSUM statistic, the recent level's window, the
/// local forecast's scores, and the last points' regression predictions, tested predictions and alarms, which the
/// points after it read. Never changed once taken; a resumed replay works on copies.
/// </summary>
internal sealed class ReplayCheckpoint(
    int point, double statistic, RecentLevel recentLevel, LocalForecast? local, BaselinePrediction[] regression, BaselinePrediction[] tested,
    bool[] alarms)
{
    public int Point => point;

    public double Statistic => statistic;

    public RecentLevel RecentLevel => recentLevel.Copy();

    public LocalForecast? Local => local?.Copy();

    /// <summary>Copies the last points' entries back where they were, in arrays indexed by point.</summary>
    public void Restore(BaselinePrediction[] regressionByPoint, BaselinePrediction[] testedByPoint, bool[] alarmsByPoint)
    {
        var first = point - alarms.Length;
        regression.CopyTo(regressionByPoint, first);
        tested.CopyTo(testedByPoint, first);
        alarms.CopyTo(alarmsByPoint, first);
    }

    /// <summary>Takes the state before <paramref name="point"/>, with the <paramref name="tail"/> points before it.</summary>
    public static ReplayCheckpoint Take(
        int point, int tail, double statistic, RecentLevel recentLevel, LocalForecast? local, BaselinePrediction[] regressionByPoint,
        BaselinePrediction[] testedByPoint, bool[] alarmsByPoint)
    {
        var first = Math.Max(0, point - tail);
        return new ReplayCheckpoint(
            point, statistic, recentLevel.Copy(), local?.Copy(), regressionByPoint[first..point], testedByPoint[first..point], alarmsByPoint[first..point]);
    }
}
