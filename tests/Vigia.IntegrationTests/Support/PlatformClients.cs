using Grpc.Health.V1;
using Grpc.Net.Client;
using Vigia.Alerting.V1;
using Vigia.Common.V1;
using Vigia.Ingestion.V1;
using Vigia.Registry.V1;
using Vigia.Statistics.V1;
using Vigia.Testing;

namespace Vigia.IntegrationTests.Support;

/// <summary>Generated gRPC clients for a running platform, one channel per service carrying the platform's token, and the reads the tests repeat.</summary>
public sealed class PlatformClients : IDisposable
{
    private readonly GrpcChannel[] _channels;

    public PlatformClients(PlatformProcesses platform)
    {
        var ingestion = platform.CreateChannel(platform.Ingestion);
        var registry = platform.CreateChannel(platform.Registry);
        var statistics = platform.CreateChannel(platform.Statistics);
        var alerting = platform.CreateChannel(platform.Alerting);
        _channels = [ingestion, registry, statistics, alerting];
        Ingestion = new IngestionService.IngestionServiceClient(ingestion);
        Registry = new RegistryService.RegistryServiceClient(registry);
        Statistics = new StatisticsService.StatisticsServiceClient(statistics);
        Alerting = new AlertingService.AlertingServiceClient(alerting);
    }

    public IngestionService.IngestionServiceClient Ingestion { get; }
    public RegistryService.RegistryServiceClient Registry { get; }
    public StatisticsService.StatisticsServiceClient Statistics { get; }
    public AlertingService.AlertingServiceClient Alerting { get; }

    /// <summary>grpc.health.v1 of one service: "ingestion", "registry", "statistics" or "alerting".</summary>
    public Health.HealthClient Health(string service) => new(service switch
    {
        "ingestion" => _channels[0],
        "registry" => _channels[1],
        "statistics" => _channels[2],
        "alerting" => _channels[3],
        _ => throw new ArgumentOutOfRangeException(nameof(service), service, "not a Vigia service"),
    });

    /// <summary>Streams the reports to SubmitReports in batches, reading each batch's answer, and checks every one was accepted.</summary>
    public async Task SubmitAcceptedAsync(IReadOnlyCollection<Report> reports, int batchSize = 200)
    {
        using var call = Ingestion.SubmitReports(deadline: DateTime.UtcNow.AddMinutes(2));
        foreach (var batch in reports.Chunk(batchSize))
        {
            await call.RequestStream.WriteAsync(new SubmitReportsRequest { Reports = { batch } });
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None), "SubmitReports ended before answering a batch");
            var refused = call.ResponseStream.Current.Results.Where(r => r.Status != ReportStatus.Accepted).ToList();
            Assert.True(refused.Count == 0, $"SubmitReports did not accept: {string.Join("; ", refused)}");
            Assert.Equal(batch.Length, call.ResponseStream.Current.Results.Count);
        }

        await call.RequestStream.CompleteAsync();
    }

    /// <summary>Every incident of the period (and source, when given), page after page, with the size of each page.</summary>
    public async Task<(List<Incident> Incidents, List<int> PageSizes)> ListAllIncidentsAsync(
        Period period, string? source = null, int pageSize = 100, CancellationToken ct = default)
    {
        var incidents = new List<Incident>();
        var pageSizes = new List<int>();
        var request = new ListIncidentsRequest { Period = period, Source = source ?? "", PageSize = pageSize };
        do
        {
            var page = await Registry.ListIncidentsAsync(request, deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: ct);
            incidents.AddRange(page.Incidents);
            pageSizes.Add(page.Incidents.Count);
            request.PageToken = page.NextPageToken;
            if (pageSizes.Count > 10_000)
            {
                throw new InvalidOperationException("ListIncidents kept answering with a next_page_token after 10,000 pages.");
            }
        }
        while (request.PageToken.Length > 0);

        return (incidents, pageSizes);
    }

    /// <summary>The daily count of incidents in the period, all series of the answer added up per day.</summary>
    public async Task<Dictionary<DateOnly, double>> DailyIncidentCountsAsync(Period period, Selector? selector = null, CancellationToken ct = default)
    {
        var response = await Statistics.GetTimeSeriesAsync(
            new GetTimeSeriesRequest
            {
                Selector = selector ?? new Selector(),
                Measure = Measure.Incidents,
                Granularity = Granularity.Day,
                Period = period,
                GroupBy = GroupBy.None,
            },
            deadline: DateTime.UtcNow.AddSeconds(30),
            cancellationToken: ct);
        return response.Series
            .SelectMany(s => s.Points)
            .GroupBy(p => Dates.From(p.Date))
            .ToDictionary(g => g.Key, g => g.Sum(p => p.Value));
    }

    public void Dispose()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
    }
}
