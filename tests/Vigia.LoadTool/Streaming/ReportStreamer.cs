using System.Diagnostics;
using Grpc.Core;
using Vigia.Ingestion.V1;

namespace Vigia.LoadTool.Streaming;

/// <summary>
/// Streams batches through SubmitReports the way a bulk client should: writes as fast as HTTP/2 flow
/// control lets it while a reader takes the answers, timestamping each batch's answer as it arrives.
/// The same client drives the platform and the bare server, so the two are timed alike.
/// </summary>
public static class ReportStreamer
{
    public static async Task<StreamOutcome> StreamAsync(IngestionService.IngestionServiceClient client, IReadOnlyList<SubmitReportsRequest> batches, CancellationToken cancellationToken)
    {
        var answeredAt = new long[batches.Count];
        using var call = client.SubmitReports(cancellationToken: cancellationToken);
        var startedAtUtc = DateTime.UtcNow;
        var startedAt = Stopwatch.GetTimestamp();
        var reading = ReadAnswersAsync(call.ResponseStream, answeredAt, cancellationToken);
        foreach (var batch in batches)
        {
            await call.RequestStream.WriteAsync(batch, cancellationToken);
        }

        await call.RequestStream.CompleteAsync();
        var (answers, accepted, duplicates, rejected, firstRejection) = await reading;
        if (answers != batches.Count)
        {
            throw new InvalidOperationException($"SubmitReports answered {answers} of {batches.Count} batches.");
        }

        return new StreamOutcome(startedAt, startedAtUtc, answeredAt, batches.Sum(b => b.Reports.Count), accepted, duplicates, rejected, firstRejection);
    }

    private static async Task<(int Answers, int Accepted, int Duplicates, int Rejected, string? FirstRejection)> ReadAnswersAsync(
        IAsyncStreamReader<SubmitReportsResponse> responses, long[] answeredAt, CancellationToken cancellationToken)
    {
        int answers = 0, accepted = 0, duplicates = 0, rejected = 0;
        string? firstRejection = null;
        while (await responses.MoveNext(cancellationToken))
        {
            answeredAt[answers++] = Stopwatch.GetTimestamp();
            foreach (var result in responses.Current.Results)
            {
                switch (result.Status)
                {
                    case ReportStatus.Accepted or ReportStatus.Recorded:
                        accepted++;
                        break;
                    case ReportStatus.Duplicate:
                        duplicates++;
                        break;
                    default:
                        rejected++;
                        firstRejection ??= $"{result.SourceRecordId}: {string.Join("; ", result.FieldViolations.Select(v => $"{v.Field} {v.Description}"))}";
                        break;
                }
            }
        }

        return (answers, accepted, duplicates, rejected, firstRejection);
    }
}
