using Google.Rpc;
using Grpc.Core;
using Vigia.Ingestion.V1;
using Vigia.Registry.V1;
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
    public async Task WatchIncidents_SecondStreamOfOneCaller_ResourceExhaustedUntilTheFirstEnds()
    {
        var token = TestTokens.Issue([Scopes.Read], "watcher");
        using var channel = _host.CreateChannel(token);
        var client = new RegistryService.RegistryServiceClient(channel);
        using var stopFirst = new CancellationTokenSource();
        using var first = client.WatchIncidents(new WatchIncidentsRequest(), cancellationToken: stopFirst.Token);
        var firstReading = first.ResponseStream.MoveNext(CancellationToken.None);

        // The first stream holds its slot once the server has it; until then a second may still get in.
        var second = await EventuallyAsync(StatusCode.ResourceExhausted, () => StreamStatusAsync(channel));
        await stopFirst.CancelAsync();
        await Assert.ThrowsAsync<RpcException>(() => firstReading);
        var afterwards = await EventuallyAsync(StatusCode.DeadlineExceeded, () => StreamStatusAsync(channel));

        Assert.True(second.StatusCode == StatusCode.ResourceExhausted, second.ToString());
        Assert.True(afterwards.StatusCode == StatusCode.DeadlineExceeded, afterwards.ToString());
    }

    private static Task<Status> StreamStatusAsync(Grpc.Net.Client.GrpcChannel channel) =>
        RawCall.StatusOfAsync(channel.CreateCallInvoker(), "/vigia.registry.v1.RegistryService/WatchIncidents", TimeSpan.FromSeconds(2));

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
