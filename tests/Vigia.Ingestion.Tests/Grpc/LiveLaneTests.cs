using Vigia.Contracts.Messages;
using Vigia.Ingestion.Tests.Support;
using Vigia.Ingestion.V1;
using Vigia.Testing;

namespace Vigia.Ingestion.Tests.Grpc;

/// <summary>
/// Which lane a batch's announcement takes: at most <see cref="LiveReportsAccepted.MaxReports"/> accepted reports go as
/// <see cref="LiveReportsAccepted"/> (the registry's live lane), more as <see cref="ReportsAccepted"/>. What counts is
/// what was accepted, not what was sent: a resent batch with a few new reports in it is live traffic.
/// </summary>
public sealed class LiveLaneTests : IAsyncLifetime
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
    public async Task Submit_BatchesOfEverySize_AtMostSixteenAcceptedTakeTheLiveLane()
    {
        await _client.SubmitReportAsync(new SubmitReportRequest { Report = SampleReports.Homicide("single") });
        await SubmitAsync("sixteen", LiveReportsAccepted.MaxReports);
        await SubmitAsync("seventeen", LiveReportsAccepted.MaxReports + 1);
        // The seventeen again, and three more: three accepted.
        await SubmitAsync("seventeen", LiveReportsAccepted.MaxReports + 4);

        var published = _host.GetRequiredService<PublishedReports>();
        await Poll.UntilAsync(() => Task.FromResult(published.Messages.Count), n => n == 4);
        var lanes = published.Messages.Zip(published.Live, (m, live) => (m.Reports.Count, live)).OrderBy(l => l.Count).ToList();
        Assert.Equal([(1, true), (3, true), (16, true), (17, false)], lanes);
    }

    private async Task SubmitAsync(string prefix, int count)
    {
        var batch = new SubmitReportsRequest();
        batch.Reports.AddRange(Enumerable.Range(0, count).Select(i => SampleReports.Homicide($"{prefix}-{i}")));
        await BulkSubmission.SubmitAsync(_client, [batch]);
    }
}
