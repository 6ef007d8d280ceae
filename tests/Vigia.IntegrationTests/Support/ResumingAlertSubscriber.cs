using Grpc.Core;
using Grpc.Net.Client;
using Vigia.Alerting.V1;

namespace Vigia.IntegrationTests.Support;

/// <summary>
/// A live SubscribeAlerts subscriber that stays with one alerting replica the way a team's client would: when the
/// stream breaks (the replica restarts) it subscribes again to the same address, resuming after the last event it
/// received, until it is disposed. It keeps every event in the order received.
/// </summary>
public sealed class ResumingAlertSubscriber : IAsyncDisposable
{
    private static readonly TimeSpan s_reconnectDelay = TimeSpan.FromMilliseconds(500);

    private readonly List<AlertEvent> _events = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _running = Task.CompletedTask;
    private int _reconnections;

    public IReadOnlyList<AlertEvent> Events
    {
        get
        {
            lock (_lock)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>How many times the stream broke and was subscribed again.</summary>
    public int Reconnections => Volatile.Read(ref _reconnections);

    /// <summary>Subscribes through <paramref name="channel"/> and returns once the server has taken the subscription.</summary>
    public static async Task<ResumingAlertSubscriber> StartAsync(GrpcChannel channel, SubscribeAlertsRequest request)
    {
        var subscriber = new ResumingAlertSubscriber();
        subscriber._running = subscriber.RunAsync(new AlertingService.AlertingServiceClient(channel), request);
        await subscriber._subscribed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return subscriber;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running;
        _stop.Dispose();
    }

    private async Task RunAsync(AlertingService.AlertingServiceClient client, SubscribeAlertsRequest request)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var resumed = request.Clone();
                var received = Events;
                resumed.ResumeAfter = received.Count > 0 ? received[^1].EventId : "";
                using var call = client.SubscribeAlerts(resumed, cancellationToken: _stop.Token);
                await call.ResponseHeadersAsync;
                _subscribed.TrySetResult();
                while (await call.ResponseStream.MoveNext(_stop.Token))
                {
                    lock (_lock)
                    {
                        _events.Add(call.ResponseStream.Current.Event);
                    }
                }
            }
            catch (Exception ex) when (_stop.IsCancellationRequested && ex is OperationCanceledException or RpcException)
            {
                return;
            }
            catch (RpcException)
            {
                // The replica went away (or is not back yet): subscribe again, after the last event received.
            }

            Interlocked.Increment(ref _reconnections);
            await Task.Delay(s_reconnectDelay, _stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
