using System.Diagnostics.Metrics;
using Vigia.Ingestion.Reports;
using Vigia.Ingestion.Tests.Support;
using Vigia.Ingestion.V1;

namespace Vigia.Ingestion.Tests.Grpc;

public sealed class IngestionMetricsTests
{
    [Fact]
    public async Task SubmitReports_BatchWithOneBadRecord_CountsOneRejectedAndTheRestAcceptedThenDuplicates()
    {
        await using var host = await IngestionHost.StartAsync();
        // Only this host's meter: other tests' hosts record under the same name in this process.
        var factory = host.GetRequiredService<IMeterFactory>();
        var counted = new List<(string Outcome, long Count)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == factory && instrument.Meter.Name == IngestionMetrics.MeterName && instrument.Name == "vigia.ingestion.reports")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            lock (counted)
            {
                counted.Add(((string)tags.ToArray().Single(t => t.Key == "vigia.outcome").Value!, value));
            }
        });
        listener.Start();
        var client = new IngestionService.IngestionServiceClient(host.Channel);
        var bad = SampleReports.Homicide("metrics-3");
        bad.Place.CountryCode = "ZZ";
        var batch = new SubmitReportsRequest { Reports = { SampleReports.Homicide("metrics-1"), SampleReports.Homicide("metrics-2"), bad } };

        foreach (var _ in Enumerable.Range(0, 2))
        {
            using var call = client.SubmitReports();
            await call.RequestStream.WriteAsync(batch);
            await call.RequestStream.CompleteAsync();
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        }

        var totals = counted.GroupBy(c => c.Outcome).ToDictionary(g => g.Key, g => g.Sum(c => c.Count));
        Assert.Equal(new Dictionary<string, long> { ["accepted"] = 2, ["rejected"] = 2, ["duplicate"] = 2 }, totals);
    }
}
