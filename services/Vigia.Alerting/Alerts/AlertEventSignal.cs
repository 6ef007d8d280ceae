namespace Vigia.Alerting.Alerts;

/// <summary>
/// Wakes the readers of alert_events (the live feed's dispatcher, the vigia.alerts relay) as soon as
/// new events are committed, instead of at their next poll.
/// </summary>
public sealed class AlertEventSignal
{
    private readonly List<SemaphoreSlim> _waiters = [];
    private readonly Lock _lock = new();

    /// <summary>A waiter for one reader; each reader is woken by every notification.</summary>
    public Func<TimeSpan, CancellationToken, Task> CreateWaiter()
    {
        var waiter = new SemaphoreSlim(0, 1);
        lock (_lock)
        {
            _waiters.Add(waiter);
        }

        return (timeout, ct) => waiter.WaitAsync(timeout, ct);
    }

    public void Notify()
    {
        lock (_lock)
        {
            foreach (var waiter in _waiters)
            {
                if (waiter.CurrentCount == 0)
                {
                    waiter.Release();
                }
            }
        }
    }
}
