using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Grpc.Reflection.V1Alpha;
using Vigia.Ingestion.V1;
using Vigia.IntegrationTests.Support;
using Vigia.Testing;

namespace Vigia.IntegrationTests;

/// <summary>
/// The embedded default as a user runs it: one process, no servers, SQLite files in a data folder,
/// each service on its own port, reached with the generated clients.
/// </summary>
public sealed class StandaloneProcessTests : IAsyncLifetime
{
    private static readonly TimeSpan s_pipelineTimeout = TimeSpan.FromSeconds(60);

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "vigia-it-standalone", Guid.NewGuid().ToString("N"));
    private PlatformProcesses? _platform;

    [Fact]
    public async Task SubmittedReport_IsListedAndCounted_WithoutServers()
    {
        _platform = await PlatformProcesses.StartStandaloneAsync(_dataDirectory);
        using var clients = new PlatformClients(_platform);
        var source = SampleReports.NewSource("desk");
        var day = new DateOnly(2017, 6, 9);
        var thatDay = Dates.Period(day, day);

        var answer = await clients.Ingestion.SubmitReportAsync(
            new SubmitReportRequest { Report = SampleReports.Homicide(source, "2017-06-09-sm-3", day, "SV-SM") });

        Assert.Equal(ReportStatus.Accepted, answer.Status);
        var (incidents, _) = await Eventually.ReachedAsync(
            "the report to be listed as an incident",
            () => clients.ListAllIncidentsAsync(thatDay, source),
            listed => listed.Incidents.Count >= 1,
            s_pipelineTimeout,
            listed => $"{listed.Incidents.Count} incidents",
            () => _platform.DescribeOutput());
        var incident = Assert.Single(incidents);
        Assert.Equal("SV-SM", incident.Place.Admin1);
        var counts = await Eventually.ReachedAsync(
            "the incident to be counted",
            () => clients.DailyIncidentCountsAsync(thatDay),
            counts => counts.GetValueOrDefault(day) >= 1,
            s_pipelineTimeout,
            counts => $"{counts.GetValueOrDefault(day)} counted",
            () => _platform.DescribeOutput());
        Assert.Equal(1, counts[day]);
        Assert.NotEmpty(Directory.EnumerateFiles(_dataDirectory, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task EachPort_ListsItsServiceThroughReflection()
    {
        _platform = await PlatformProcesses.StartStandaloneAsync(_dataDirectory);
        var expected = new Dictionary<Uri, string>
        {
            [_platform.Ingestion] = "vigia.ingestion.v1.IngestionService",
            [_platform.Registry] = "vigia.registry.v1.RegistryService",
            [_platform.Statistics] = "vigia.statistics.v1.StatisticsService",
            [_platform.Alerting] = "vigia.alerting.v1.AlertingService",
        };

        foreach (var (address, service) in expected)
        {
            // What a generic client (grpcurl, Postman) does first: ask the server what it serves.
            using var channel = _platform.CreateChannel(address);
            using var call = new ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo();
            await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
            await call.RequestStream.CompleteAsync();
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            var listed = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
            Assert.Contains(service, listed);
            Assert.Contains("grpc.health.v1.Health", listed);
        }
    }

    [Fact]
    public async Task WithoutTheDevToken_OnlyHealthAnswers()
    {
        _platform = await PlatformProcesses.StartStandaloneAsync(_dataDirectory);
        using var anonymous = GrpcChannel.ForAddress(_platform.Ingestion);
        using var withDevToken = _platform.CreateChannel(_platform.Ingestion);
        var report = new SubmitReportRequest { Report = SampleReports.Homicide(SampleReports.NewSource("desk"), "no-token-1", new DateOnly(2017, 6, 9), "SV-SM") };

        var health = await new Health.HealthClient(anonymous).CheckAsync(new HealthCheckRequest());
        var submit = await Assert.ThrowsAsync<RpcException>(() => new IngestionService.IngestionServiceClient(anonymous).SubmitReportAsync(report).ResponseAsync);
        using var reflection = new ServerReflection.ServerReflectionClient(anonymous).ServerReflectionInfo();
        var list = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await reflection.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
            await reflection.ResponseStream.MoveNext(CancellationToken.None);
        });
        var accepted = await new IngestionService.IngestionServiceClient(withDevToken).SubmitReportAsync(report);

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        Assert.Equal((StatusCode.Unauthenticated, StatusCode.Unauthenticated), (submit.StatusCode, list.StatusCode));
        Assert.Equal(ReportStatus.Accepted, accepted.Status);
        Assert.True(File.Exists(Path.Combine(_dataDirectory, "signing-key.json")));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_platform is not null)
        {
            await _platform.DisposeAsync();
        }

        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean with the rest of the temp folder.
        }
    }
}
