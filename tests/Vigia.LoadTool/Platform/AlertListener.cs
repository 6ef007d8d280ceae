using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Vigia.Alerting.V1;

namespace Vigia.LoadTool.Platform;

/// <summary>
/// Holds a SubscribeAlerts stream open for the whole run and timestamps every event as it arrives.
/// Subscribed before the first report is sent, so no alert the run causes can be missed.
/// </summary>
public sealed class AlertListener : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<ReceivedAlert> _received = new();
    private readonly AsyncServerStreamingCall<SubscribeAlertsResponse> _call;
    private readonly Task _reading;
    private TaskCompletionSource _arrival = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public AlertListener(AlertingService.AlertingServiceClient client)
    {
        _call = client.SubscribeAlerts(new SubscribeAlertsRequest(), cancellationToken: _stop.Token);
        _reading = ReadAsync();
    }

    public IReadOnlyCollection<ReceivedAlert> Received => _received;

    /// <summary>
    /// Looks at what has arrived (<paramref name="look"/>) until every item it returns is <paramref name="found"/>, the
    /// stream fails or <paramref name="timeout"/> passes, and returns the last look. Wakes on each arrival instead of
    /// polling: the tool shares the machine's two cores with the platform it measures, and each event is timed as it
    /// arrives, so waking later loses no precision.
    /// </summary>
    public async Task<IReadOnlyList<T>> WaitUntilAsync<T>(Func<IReadOnlyList<T>> look, Func<T, bool> found, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            // Taken before the look, so no event slips between the look and the wait.
            var arrival = Volatile.Read(ref _arrival).Task;
            var seen = look();
            var left = deadline - Stopwatch.GetTimestamp();
            if (seen.All(found) || left <= 0 || Failure is not null)
            {
                return seen;
            }

            try
            {
                await arrival.WaitAsync(TimeSpan.FromSeconds((double)left / Stopwatch.Frequency), cancellationToken);
            }
            catch (TimeoutException)
            {
            }
        }
    }

    /// <summary>
    /// Waits until alerting says the subscription is live (it sends the response headers once it has
    /// joined its feed), so nothing sent after this can be missed.
    /// </summary>
    public async Task WaitUntilSubscribedAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        await _call.ResponseHeadersAsync.WaitAsync(deadline.Token);
    }

    /// <summary>
    /// The first event of <paramref name="ruleId"/> that announced an alert covering <paramref name="day"/>: its OPENED,
    /// or the UPDATED or REOPENED of an alert whose window grew over the day. A wave on days still inside the series'
    /// reporting delay joins the alert open before it (its quiet days may yet fill, so that alert cannot resolve), and
    /// subscribers hear of it as that alert's update.
    /// </summary>
    /// <param name="after">When given, only events that arrived after this Stopwatch timestamp.</param>
    public ReceivedAlert? FirstCovering(string ruleId, DateOnly day, long after = long.MinValue) =>
        _received
            .Where(r => r.ReceivedAt > after
                        && r.Event.Kind is AlertEventKind.Opened or AlertEventKind.Updated or AlertEventKind.Reopened
                        && r.Event.RuleId == ruleId && Covers(r.Event.Window, day))
            .MinBy(r => r.ReceivedAt);

    /// <summary>Why the stream ended, when it ended before the run did.</summary>
    public Exception? Failure { get; private set; }

    private async Task ReadAsync()
    {
        try
        {
            while (await _call.ResponseStream.MoveNext(_stop.Token))
            {
                _received.Enqueue(new ReceivedAlert(Stopwatch.GetTimestamp(), _call.ResponseStream.Current.Event));
                Interlocked.Exchange(ref _arrival, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            }
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && _stop.IsCancellationRequested)
        {
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (RpcException ex)
        {
            Failure = ex;
        }
        finally
        {
            _arrival.TrySetResult();
        }
    }

    private static bool Covers(Vigia.Common.V1.Period? window, DateOnly day) =>
        window?.StartDate is { } start && window.EndDate is { } end
        && new DateOnly(start.Year, start.Month, start.Day) <= day && day <= new DateOnly(end.Year, end.Month, end.Day);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _reading;
        _call.Dispose();
        _stop.Dispose();
    }
}
