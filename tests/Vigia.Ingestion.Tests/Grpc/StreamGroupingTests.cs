using Grpc.Core;
using Vigia.Contracts.Messages;
using Vigia.Ingestion.Tests.Support;
using Vigia.Ingestion.V1;
using Vigia.Testing;

namespace Vigia.Ingestion.Tests.Grpc;

/// <summary>
/// Bulk batches a client sent one behind another on a SubmitReports stream are stored as one (one transaction, one
/// ReportsAccepted), while each is still answered on its own, in order; a few reports between them keep the live lane.
/// </summary>
public sealed class StreamGroupingTests
{
    private const int Bulk = LiveReportsAccepted.MaxReports + 4;

    [Fact]
    public async Task SubmitReports_BulkBatchesSentAhead_StoredAsOneEachAnsweredInOrderAndTheFewKeepTheLiveLane()
    {
        // No registry records anything: once one bulk batch is stored and unrecorded, every bulk batch waits the longest
        // pacing wait, and the batches the client sent meanwhile gather behind it. Without the earlier batch the first
        // one would not wait, and whether the second joined it would depend on how fast it arrived.
        await using var host = await IngestionHost.StartAsync(IngestionHost.Pacing(10, TimeSpan.FromSeconds(1)));
        var client = new IngestionService.IngestionServiceClient(host.Channel);
        var earlier = new SubmitReportsRequest();
        earlier.Reports.AddRange(Enumerable.Range(0, Bulk).Select(i => SampleReports.Homicide($"earlier-{i}")));
        using (var before = client.SubmitReports())
        {
            await before.RequestStream.WriteAsync(earlier);
            await before.RequestStream.CompleteAsync();
            Assert.Single(await before.ResponseStream.ReadAllAsync().ToListAsync());
        }

        (string Prefix, int Count)[] sent = [("a", Bulk), ("b", Bulk), ("live", 5), ("c", Bulk), ("d", Bulk)];

        using var call = client.SubmitReports();
        foreach (var (prefix, count) in sent)
        {
            var batch = new SubmitReportsRequest();
            batch.Reports.AddRange(Enumerable.Range(0, count).Select(i => SampleReports.Homicide($"{prefix}-{i}")));
            await call.RequestStream.WriteAsync(batch);
        }

        await call.RequestStream.CompleteAsync();
        var answers = await call.ResponseStream.ReadAllAsync().ToListAsync();

        Assert.Equal(
            sent.Select(s => Enumerable.Range(0, s.Count).Select(i => (i, $"{s.Prefix}-{i}", ReportStatus.Accepted)).ToList()),
            answers.Select(a => a.Results.Select(r => (r.Index, r.SourceRecordId, r.Status)).ToList()));
        var published = host.GetRequiredService<PublishedReports>();
        await Poll.UntilAsync(() => Task.FromResult(published.Messages.Count), n => n == 4);
        var messages = published.Messages.Zip(published.Live, (m, live) => (Records: string.Join(' ', m.Reports.Select(r => r.SourceRecordId.Split('-')[0]).Distinct()), live));
        Assert.Equal([("a b", false), ("c d", false), ("earlier", false), ("live", true)], messages.OrderBy(m => m.Records, StringComparer.Ordinal));
    }
}
