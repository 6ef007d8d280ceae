using Vigia.Ingestion.V1;
using Vigia.IntegrationTests.Support;
using Vigia.Registry.V1;
using Vigia.Testing;

namespace Vigia.IntegrationTests;

/// <summary>
/// Reports submitted at ingestion become incidents in the registry and counts in statistics, across
/// separate processes and a real broker. Each test keeps to its own months, so they share one platform.
/// </summary>
public sealed class ReportFlowTests(SeparatePlatformFixture fixture) : IClassFixture<SeparatePlatformFixture>
{
    private static readonly TimeSpan s_pipelineTimeout = TimeSpan.FromSeconds(60);

    [SkippableFact]
    public async Task Reports_FlowToListIncidentsAndTimeSeries()
    {
        TestServers.RequireRabbitMqAndPostgres();
        var platform = await fixture.StartAsync();
        using var clients = new PlatformClients(platform);
        var source = SampleReports.NewSource("desk");
        var february = Dates.Period(new DateOnly(2019, 2, 1), new DateOnly(2019, 2, 28));
        var reports = Enumerable.Range(1, 25)
            .Select(day => SampleReports.Homicide(
                source, $"feb-{day:00}", new DateOnly(2019, 2, day), SampleReports.Departments[day % SampleReports.Departments.Length]))
            .ToList();

        using (var bulk = clients.Ingestion.SubmitReports())
        {
            await bulk.RequestStream.WriteAsync(new SubmitReportsRequest { Reports = { reports } });
            await bulk.RequestStream.CompleteAsync();
            Assert.True(await bulk.ResponseStream.MoveNext(CancellationToken.None), "SubmitReports answered nothing");
            Assert.All(bulk.ResponseStream.Current.Results, r => Assert.Equal(ReportStatus.Accepted, r.Status));
            Assert.Equal(25, bulk.ResponseStream.Current.Results.Count);
        }

        var (incidents, pageSizes) = await Eventually.ReachedAsync(
            "25 incidents to be listed",
            () => clients.ListAllIncidentsAsync(february, source, pageSize: 10),
            listed => listed.Incidents.Count >= 25,
            s_pipelineTimeout,
            listed => $"{listed.Incidents.Count} incidents",
            () => platform.DescribeOutput("ingestion", "registry"));
        Assert.Equal([10, 10, 5], pageSizes);
        Assert.Equal(
            reports.Select(r => r.SourceRecordId).Order(),
            incidents.SelectMany(i => i.Sources).Select(s => s.SourceRecordId).Order());
        Assert.Equal(
            Enumerable.Range(1, 25).Select(day => new DateOnly(2019, 2, day)),
            incidents.Select(i => Dates.From(i.OccurredOn)));
        Assert.All(incidents, i => Assert.Equal(IncidentState.Active, i.State));

        var daily = await Eventually.ReachedAsync(
            "the 25 incidents to be counted",
            () => clients.DailyIncidentCountsAsync(february),
            counts => counts.Values.Sum() >= 25,
            s_pipelineTimeout,
            counts => $"{counts.Values.Sum()} counted",
            () => platform.DescribeOutput("registry", "statistics"));
        Assert.Equal(28, daily.Count);
        for (var day = 1; day <= 28; day++)
        {
            Assert.Equal(day <= 25 ? 1 : 0, daily[new DateOnly(2019, 2, day)]);
        }
    }

    [SkippableFact]
    public async Task SameReportTwice_RecordsOneIncident_CountsOnce()
    {
        TestServers.RequireRabbitMqAndPostgres();
        var platform = await fixture.StartAsync();
        using var clients = new PlatformClients(platform);
        var source = SampleReports.NewSource("bulletin");
        var day = new DateOnly(2019, 5, 5);
        var thatDay = Dates.Period(day, day);
        var report = SampleReports.Homicide(source, "pnc-2019-05-05-001", day, "SV-SA");

        var first = await clients.Ingestion.SubmitReportAsync(new SubmitReportRequest { Report = report });
        var second = await clients.Ingestion.SubmitReportAsync(new SubmitReportRequest { Report = report.Clone() });

        Assert.Equal(ReportStatus.Accepted, first.Status);
        Assert.Equal(ReportStatus.Duplicate, second.Status);
        Assert.Equal(first.ReportId, second.ReportId);
        await Eventually.ReachedAsync(
            "the report to be listed as an incident",
            () => clients.ListAllIncidentsAsync(thatDay, source),
            listed => listed.Incidents.Count >= 1,
            s_pipelineTimeout,
            listed => $"{listed.Incidents.Count} incidents",
            () => platform.DescribeOutput("ingestion", "registry"));
        await Eventually.ReachedAsync(
            "the incident to be counted",
            () => clients.DailyIncidentCountsAsync(thatDay),
            counts => counts.GetValueOrDefault(day) >= 1,
            s_pipelineTimeout,
            counts => $"{counts.GetValueOrDefault(day)} counted",
            () => platform.DescribeOutput("registry", "statistics"));

        // Settle: a later report from the same source, counted, means whatever the pipeline still had
        // of the duplicate has gone through too.
        var later = day.AddDays(15);
        await clients.Ingestion.SubmitReportAsync(new SubmitReportRequest { Report = SampleReports.Homicide(source, "pnc-2019-05-20-001", later, "SV-SA") });
        await Eventually.ReachedAsync(
            "the later report to be counted",
            () => clients.DailyIncidentCountsAsync(Dates.Period(later, later)),
            counts => counts.GetValueOrDefault(later) >= 1,
            s_pipelineTimeout,
            counts => $"{counts.GetValueOrDefault(later)} counted",
            () => platform.DescribeOutput("registry", "statistics"));

        var (incidents, _) = await clients.ListAllIncidentsAsync(thatDay, source);
        var incident = Assert.Single(incidents);
        Assert.Single(incident.Sources);
        var counts = await clients.DailyIncidentCountsAsync(thatDay);
        Assert.Equal(1, counts[day]);
    }
}
