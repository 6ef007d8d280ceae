using Grpc.Core;
using Vigia.Ingestion.V1;

namespace Vigia.Cli.Import;

/// <summary>
/// Streams a file's rows through ingestion's SubmitReports in batches, one batch in flight at a time, and tallies each
/// record's answer; rows the import itself could not read are rejected without being sent.
/// </summary>
internal static class ImportRun
{
    public const int DefaultBatchSize = 500;

    public static async Task<ImportSummary> RunAsync(
        IngestionService.IngestionServiceClient client,
        IEnumerable<ImportRow> rows,
        int batchSize = DefaultBatchSize,
        Action<ImportSummary>? progress = null,
        CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var summary = new ImportSummary();
        using var call = client.SubmitReports(cancellationToken: ct);
        var batch = new List<ImportRow>(batchSize);
        foreach (var row in rows)
        {
            if (row.IsSkipped)
            {
                summary.CountSkipped();
                continue;
            }

            summary.CountRow();
            if (row.Report is null)
            {
                summary.Reject(row.Rejects);
                continue;
            }

            batch.Add(row);
            if (batch.Count == batchSize)
            {
                await SendAsync(call, batch, summary, ct);
                batch.Clear();
                progress?.Invoke(summary);
            }
        }

        if (batch.Count > 0)
        {
            await SendAsync(call, batch, summary, ct);
        }

        await call.RequestStream.CompleteAsync();
        while (await call.ResponseStream.MoveNext(ct))
        {
            // The server answers each batch before reading the next, so nothing is left; reading to the end ends the call cleanly.
        }

        summary.Stop();
        progress?.Invoke(summary);
        return summary;
    }

    private static async Task SendAsync(
        AsyncDuplexStreamingCall<SubmitReportsRequest, SubmitReportsResponse> call, List<ImportRow> batch, ImportSummary summary, CancellationToken ct)
    {
        var request = new SubmitReportsRequest();
        request.Reports.AddRange(batch.Select(r => r.Report));
        await call.RequestStream.WriteAsync(request, ct);
        if (!await call.ResponseStream.MoveNext(ct))
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "ingestion closed the stream before answering a batch"));
        }

        foreach (var result in call.ResponseStream.Current.Results)
        {
            var row = batch[result.Index];
            switch (result.Status)
            {
                case ReportStatus.Accepted or ReportStatus.Recorded:
                    summary.CountAccepted();
                    break;
                case ReportStatus.Duplicate:
                    summary.CountDuplicate();
                    break;
                case ReportStatus.Corrected:
                    summary.CountCorrected();
                    break;
                default:
                    summary.Reject(result.FieldViolations.Count == 0
                        ? [new RowReject(row.RowNumber, result.SourceRecordId, "", $"ingestion answered {result.Status}")]
                        : result.FieldViolations.Select(v => new RowReject(row.RowNumber, result.SourceRecordId, v.Field, v.Description)));
                    break;
            }
        }
    }
}
