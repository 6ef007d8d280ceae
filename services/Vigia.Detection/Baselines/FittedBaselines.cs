using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Vigia.Detection.Baselines;

/// <summary>
/// The baselines this process has fitted, by everything a fit reads: the window of counts (by its SHA-256), where the
/// window and the anchor lie, the series' first date, its frequency and the options. A live service replays five years
/// of a series for every batch that touches it, and every anchor but the newest sees the same window as last time: a
/// fit costs about a millisecond, a look-up a few microseconds. A fit is a pure function of its key, so a detector says
/// exactly what it said without the memo.
/// </summary>
internal static class FittedBaselines
{
    /// <summary>
    /// About a kilobyte a model with its key. Ten thousand hold every anchor of forty series of ten years (a pass of the
    /// default rules over El Salvador needs about twenty); past it the memo starts over rather than grow: at fifty
    /// thousand, alerting's resident memory grew by some 70 MiB over a 300,000-report load spread over eleven years.
    /// </summary>
    private const int Capacity = 10_000;

    private static readonly BoundedMemo<Key, BaselineModel?> s_models = new(Capacity);
    private static long s_fitted;

    /// <summary>How many fits this process has made (memo misses).</summary>
    internal static long Fitted => Interlocked.Read(ref s_fitted);

    internal static void Clear() => s_models.Clear();

    public static Key KeyOf(ReadOnlySpan<double> window, int start, int anchor, SeriesFrequency frequency, DateOnly firstDate, BaselineOptions options)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(MemoryMarshal.AsBytes(window), digest);
        return new Key(BinaryPrimitives.ReadUInt128LittleEndian(digest), window.Length, start, anchor, frequency, firstDate, options);
    }

    public static bool TryGet(Key key, out BaselineModel? model) => s_models.TryGet(key, out model);

    public static void Add(Key key, BaselineModel? model)
    {
        Interlocked.Increment(ref s_fitted);
        s_models.Add(key, model);
    }

    internal readonly record struct Key(
        UInt128 Window, int Length, int Start, int Anchor, SeriesFrequency Frequency, DateOnly FirstDate, BaselineOptions Options);
}
