using Google.Rpc;
using Grpc.Core;
using Vigia.Alerting.V1;
using Vigia.Ingestion.V1;
using Vigia.ServiceDefaults.Auth;
using Vigia.ServiceDefaults.Limits;
using Vigia.Testing;
using Status = Grpc.Core.Status;

namespace Vigia.Security.Tests;

public sealed class CallerLimitsTests : IAsyncLifetime
{
    private InMemoryServiceHost _host = null!;

    public async Task InitializeAsync() => _host = await AllServicesHost.StartAsync(new Dictionary<string, string?>
    {
        [CallerLimits.SubmissionBurstKey] = "2",
        [CallerLimits.SubmissionsPerSecondKey] = "1",
        [CallerLimits.StreamsPerCallerKey] = "1",
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task SubmitReport_OverTheCallersBurst_ResourceExhaustedWithRetryInfoWhileOthersGoOn()
    {
        using var desk = _host.CreateChannel(TestTokens.Issue([Scopes.Ingest], "busy-desk"));
        using var other = _host.CreateChannel(TestTokens.Issue([Scopes.Ingest], "other-desk"));
        var busy = new IngestionService.IngestionServiceClient(desk);

        var statuses = new List<StatusCode>();
        RpcException? exhausted = null;
        for (var i = 0; i < 3; i++)
        {
            try
            {
                await busy.SubmitReportAsync(new SubmitReportRequest());
                statuses.Add(StatusCode.OK);
            }
            catch (RpcException e)
            {
                statuses.Add(e.StatusCode);
                exhausted = e.StatusCode == StatusCode.ResourceExhausted ? e : exhausted;
            }
        }

        var otherStatus = await RawCall.StatusOfAsync(other.CreateCallInvoker(), "/vigia.ingestion.v1.IngestionService/SubmitReport", TimeSpan.FromSeconds(5));

        // An empty report is INVALID_ARGUMENT, but it was let in and counted.
        Assert.Equal([StatusCode.InvalidArgument, StatusCode.InvalidArgument, StatusCode.ResourceExhausted], statuses);
        Assert.True(exhausted!.GetRpcStatus()!.GetDetail<RetryInfo>().RetryDelay.ToTimeSpan() > TimeSpan.Zero);
        Assert.Equal(StatusCode.InvalidArgument, otherStatus.StatusCode);
    }

    [Fact]
    public async Task SubscribeAlerts_SecondStreamOfOneCaller_ResourceExhaustedUntilTheFirstEnds()
    {
        using var channel = _host.CreateChannel(TestTokens.Issue([Scopes.Subscribe], "watcher"));
        using var stopFirst = new CancellationTokenSource();
        using var first = new AlertingService.AlertingServiceClient(channel).SubscribeAlerts(new SubscribeAlertsRequest(), cancellationToken: stopFirst.Token);
        // The server sends the headers once it has registered the subscriber, so the first stream holds its slot by then.
        await first.ResponseHeadersAsync;

        var second = await StreamStatusAsync(channel);
        await stopFirst.CancelAsync();
        var afterwards = await EventuallyAsync(StatusCode.DeadlineExceeded, () => StreamStatusAsync(channel));

        Assert.Equal(StatusCode.ResourceExhausted, second.StatusCode);
        Assert.True(second.DebugException is null && second.Detail.Contains("streams", StringComparison.Ordinal), second.ToString());
        Assert.True(afterwards.StatusCode == StatusCode.DeadlineExceeded, afterwards.ToString());
    }

    private static Task<Status> StreamStatusAsync(Grpc.Net.Client.GrpcChannel channel) =>
        RawCall.StatusOfAsync(channel.CreateCallInvoker(), "/vigia.alerting.v1.AlertingService/SubscribeAlerts", TimeSpan.FromSeconds(2));

    private static async Task<Status> EventuallyAsync(StatusCode wanted, Func<Task<Status>> attempt)
    {
        var status = await attempt();
        for (var i = 0; i < 20 && status.StatusCode != wanted; i++)
        {
            await Task.Delay(100);
            status = await attempt();
        }

        return status;
    }
}
