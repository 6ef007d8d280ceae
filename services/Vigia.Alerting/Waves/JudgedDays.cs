using System.Buffers;
using Vigia.Detection;

namespace Vigia.Alerting.Waves;

/// <summary>
/// A detector's verdicts on consecutive days from <see cref="First"/>, dated as they are read. The verdicts sit in an
/// array from the shared pool: a back-fill's pass judges years of days for every series it touches, and an array of
/// them per series and pass was the most of what alerting put on the large-object heap. Dispose returns the array;
/// the days are not to be read after.
/// </summary>
public sealed class JudgedDays : IReadOnlyList<DayResult>, IDisposable
{
    private DetectionResult[]? _results;

    private JudgedDays(DateOnly first, DetectionResult[] results, int count)
    {
        First = first;
        _results = results;
        Count = count;
    }

    public DateOnly First { get; }

    public int Count { get; }

    public DayResult this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            var results = _results ?? throw new ObjectDisposedException(nameof(JudgedDays));
            return new DayResult(First.AddDays(index), results[index]);
        }
    }

    /// <summary>Room for <paramref name="count"/> verdicts from <paramref name="first"/> on, for the judge to write (<see cref="Verdicts"/>).</summary>
    internal static JudgedDays Rent(DateOnly first, int count) => new(first, ArrayPool<DetectionResult>.Shared.Rent(count), count);

    /// <summary>Where the judge writes the verdicts, element i for day <see cref="First"/> + i.</summary>
    internal Span<DetectionResult> Verdicts => (_results ?? throw new ObjectDisposedException(nameof(JudgedDays))).AsSpan(0, Count);

    public IEnumerator<DayResult> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _results, null) is { } results)
        {
            ArrayPool<DetectionResult>.Shared.Return(results);
        }
    }
}
