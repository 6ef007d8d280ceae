using System.Collections.Concurrent;

namespace Vigia.ServiceDefaults.Outbox;

/// <summary>Wakes a relay as soon as new outbox rows are saved, instead of waiting for its next poll.</summary>
public sealed class OutboxSignal : IDisposable
{
    // One per context type: the SaveChanges interceptor has no access to the application's container.
    private static readonly ConcurrentDictionary<Type, OutboxSignal> s_signals = new();

    private readonly SemaphoreSlim _signal = new(0, 1);

    public static OutboxSignal For(Type contextType) => s_signals.GetOrAdd(contextType, _ => new OutboxSignal());

    public void Notify()
    {
        try
        {
            if (_signal.CurrentCount == 0)
            {
                _signal.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);

    public void Dispose() => _signal.Dispose();
}
