using MassTransit;
using Microsoft.EntityFrameworkCore;
using Vigia.Contracts.Messages;
using Vigia.Ingestion.Consumers;
using Vigia.Ingestion.Tests.Support;
using Vigia.Ingestion.V1;
using Vigia.ServiceDefaults.Delivery;
using Vigia.Testing;

namespace Vigia.Ingestion.Tests.Consumers;

public sealed class ReportsRecordedConsumerTests : IAsyncLifetime
{
    private InMemoryServiceHost _host = null!;
    private IngestionService.IngestionServiceClient _client = null!;

    public async Task InitializeAsync()
    {
        _host = await IngestionHost.StartAsync();
        _client = new IngestionService.IngestionServiceClient(_host.Channel);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Consume_ReportsRecorded_MarksTheReportsRecordedWithTheirIncident()
    {
        var first = await _client.SubmitReportAsync(new SubmitReportRequest { Report = SampleReports.Homicide("r1") });
        var second = await _client.SubmitReportAsync(new SubmitReportRequest { Report = SampleReports.Homicide("r2") });
        var incidentId = NewId.NextGuid();

        await _host.GetRequiredService<IBus>().Publish(new ReportsRecorded
        {
            Reports =
            [
                new RecordedReport { ReportId = Guid.Parse(first.ReportId), IncidentId = incidentId },
                new RecordedReport { ReportId = Guid.Parse(second.ReportId), IncidentId = incidentId },
            ],
        });

        foreach (var id in new[] { first.ReportId, second.ReportId })
        {
            var report = await Poll.UntilAsync(
                async () => (await _client.GetReportAsync(new GetReportRequest { ReportId = id })).Report,
                r => r.Status == ReportStatus.Recorded);
            Assert.Equal(ReportStatus.Recorded, report.Status);
            Assert.Equal(incidentId.ToString(), report.IncidentId);
        }
    }

    [Fact]
    public async Task Consume_SameMessageTwice_HandlesItOnce()
    {
        var submitted = await _client.SubmitReportAsync(new SubmitReportRequest { Report = SampleReports.Homicide("r1") });
        var messageId = NewId.NextGuid();
        var message = new ReportsRecorded { Reports = [new RecordedReport { ReportId = Guid.Parse(submitted.ReportId), IncidentId = NewId.NextGuid() }] };
        var bus = _host.GetRequiredService<IBus>();

        await bus.Publish(message, c => c.MessageId = messageId);
        await Poll.UntilAsync(
            async () => (await _client.GetReportAsync(new GetReportRequest { ReportId = submitted.ReportId })).Report.Status,
            s => s == ReportStatus.Recorded);
        var recordedAt = await _host.QueryAsync(db => db.Reports.Select(r => r.RecordedAt).SingleAsync());

        // The redelivery would move RecordedAt if it were handled again; the inbox makes it a no-op.
        await bus.Publish(message, c => c.MessageId = messageId);
        await bus.Publish(new ReportsRecorded { Reports = [] }, c => c.MessageId = NewId.NextGuid());
        var handled = await Poll.UntilAsync(
            () => _host.QueryAsync(db => db.Set<InboxMessage>().CountAsync(m => m.Consumer == ReportsRecordedConsumer.Name)),
            count => count == 2);

        Assert.Equal(2, handled);
        Assert.Equal(1, await _host.QueryAsync(db => db.Set<InboxMessage>().CountAsync(m => m.MessageId == messageId)));
        Assert.Equal(recordedAt, await _host.QueryAsync(db => db.Reports.Select(r => r.RecordedAt).SingleAsync()));
    }
}
