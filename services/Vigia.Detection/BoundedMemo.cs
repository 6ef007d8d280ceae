using System.Collections.Concurrent;

namespace Vigia.Detection;

/// <summary>
/// A process-wide memo of pure results that starts over once it holds <paramref name="capacity"/> entries rather than
/// grow: a live service sees an endless stream of keys, most of them never asked again.
/// </summary>
internal sealed class BoundedMemo<TKey, TValue>(int capacity)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, TValue> _entries = new();

    // Kept beside the dictionary: ConcurrentDictionary.Count takes every one of its locks, and reading it on each of a
    // pass's thousands of fits cost alerting 7 % of its CPU during a bulk load (a thread-time profile).
    private int _count;

    public bool TryGet(TKey key, out TValue value) => _entries.TryGetValue(key, out value!);

    public void Add(TKey key, TValue value)
    {
        if (Volatile.Read(ref _count) >= capacity)
        {
            Clear();
        }

        if (_entries.TryAdd(key, value))
        {
            Interlocked.Increment(ref _count);
        }
    }

    public void Clear()
    {
        _entries.Clear();
        Interlocked.Exchange(ref _count, 0);
    }
}
