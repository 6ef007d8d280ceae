namespace Vigia.Registry.Incidents;

/// <summary>
/// Wakes change-stream watchers as soon as this process commits a change, so they need not wait
/// for their next poll (which still catches changes written by other replicas).
/// </summary>
public sealed class IncidentChangeSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next <see cref="Notify"/>; take it before reading, so no change slips between.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void Notify() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
