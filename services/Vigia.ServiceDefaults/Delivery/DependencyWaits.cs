using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Vigia.ServiceDefaults.Delivery;

/// <summary>
/// The messages this process's consumers are holding while a dependency is down: when each first failed (so the wait
/// is bounded by <see cref="DeliveryOptions.WaitForDependenciesFor"/> across retries) and when each last failed (so the
/// service reports not-ready while any is still being retried, and ready again once none is).
/// </summary>
public sealed class DependencyWaits(IOptions<DeliveryOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<(Guid MessageId, string Consumer), Wait> _waiting = new();

    public DeliveryOptions Options => options.Value;

    /// <summary>
    /// Records a transient failure of <paramref name="messageId"/> in <paramref name="consumer"/>; returns how long it
    /// has been waiting since its first one.
    /// </summary>
    public TimeSpan Failed(Guid messageId, string consumer, Exception error)
    {
        var now = time.GetUtcNow();
        var wait = _waiting.AddOrUpdate(
            (messageId, consumer),
            _ => new Wait(now, now, error.Message),
            (_, previous) => previous with { LastFailure = now, Reason = error.Message });
        return now - wait.FirstFailure;
    }

    /// <summary>The message was handled, or given up on: it no longer waits.</summary>
    public void Ended(Guid messageId, string consumer) => _waiting.TryRemove((messageId, consumer), out _);

    /// <summary>
    /// What is waiting now, in words (null when nothing is). A message whose last failure is older than twice the
    /// longest retry delay is no longer being retried here (its delivery went back to the broker) and is forgotten.
    /// </summary>
    public string? Describe()
    {
        var stale = time.GetUtcNow() - (2 * Options.LongestRetryDelay);
        foreach (var (key, wait) in _waiting)
        {
            if (wait.LastFailure < stale)
            {
                _waiting.TryRemove(key, out _);
            }
        }

        var waiting = _waiting.ToArray();
        return waiting.Length == 0
            ? null
            : $"{waiting.Length} message(s) waiting for a dependency, e.g. {waiting[0].Key.Consumer} since {waiting[0].Value.FirstFailure:O}: {waiting[0].Value.Reason}";
    }

    private sealed record Wait(DateTimeOffset FirstFailure, DateTimeOffset LastFailure, string Reason);
}
