using Vigia.Ingestion.V1;
using Vigia.IntegrationTests.Support;
using Vigia.Testing;

namespace Vigia.IntegrationTests;

/// <summary>`Vigia:Bus:QuorumQueues=true` on the real RabbitMQ: the four services on a fresh virtual host declare their queues as quorum queues.</summary>
public sealed class QuorumQueueTests
{
    private static readonly string[] s_consumerQueues =
        ["ingestion-reports-recorded", "registry-reports-accepted", "registry-live-reports-accepted", "registry-reports-withdrawn", "statistics-incidents-changed", "alerting-series-changed"];

    [SkippableFact]
    public async Task StartSeparate_QuorumQueuesOn_DeclaresEveryConsumerQueueAsQuorumAndRecordsReports()
    {
        TestServers.RequireRabbitMqAndPostgres();
        RabbitMqControl.RequireControl();
        await using var virtualHost = await RabbitMqControl.OwnVirtualHostAsync("vigia-quorum");
        var database = await TestServers.CreateDatabaseAsync("vigia_quorum");
        await using var platform = await PlatformProcesses.StartSeparateAsync(
            virtualHost.Uri, database, new Dictionary<string, string?> { ["Vigia__Bus__QuorumQueues"] = "true" });
        using var clients = new PlatformClients(platform);
        var source = SampleReports.NewSource("quorum");
        var day = new DateOnly(2007, 7, 7);
        foreach (var (department, i) in SampleReports.Departments.Take(3).Select((department, i) => (department, i)))
        {
            await clients.Ingestion.SubmitReportAsync(new SubmitReportRequest { Report = SampleReports.Homicide(source, $"q{i}", day, department) });
        }

        await Eventually.ReachedAsync(
            "the three reports to be recorded through the quorum queues",
            async () => (await clients.ListAllIncidentsAsync(Dates.Period(day, day), source)).Incidents.Count,
            count => count == 3,
            TimeSpan.FromMinutes(2),
            count => $"{count} recorded",
            () => platform.DescribeOutput("ingestion", "registry"));
        var queues = await RabbitMqControl.DurableQueueTypesAsync(virtualHost.Name!);

        Assert.All(s_consumerQueues, queue => Assert.True(queues.TryGetValue(queue, out var type) && type == "quorum",
            $"{queue}: {(queues.TryGetValue(queue, out var t) ? t : "not declared")}"));
        Assert.All(queues.Where(q => !q.Key.EndsWith("_error", StringComparison.Ordinal) && !q.Key.EndsWith("_skipped", StringComparison.Ordinal)),
            q => Assert.Equal("quorum", q.Value));
    }
}
