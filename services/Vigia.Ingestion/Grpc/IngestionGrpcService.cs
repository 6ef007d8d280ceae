using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Vigia.Contracts.Messages;
using Vigia.Ingestion.Data;
using Vigia.Ingestion.Feeds;
using Vigia.Ingestion.Reports;
using Vigia.Ingestion.V1;
using Vigia.ServiceDefaults.Grpc;

namespace Vigia.Ingestion.Grpc;

/// <summary>vigia.ingestion.v1.IngestionService: translates, and leaves the work to <see cref="ReportIntake"/>.</summary>
public sealed class IngestionGrpcService(ReportIntake intake, IngestionDbContext db) : IngestionService.IngestionServiceBase
{
    public override async Task<SubmitReportResponse> SubmitReport(SubmitReportRequest request, ServerCallContext context)
    {
        if (request.Report is null)
        {
            throw InvalidInputException.For("report", "required");
        }

        var result = await intake.SubmitAsync(request.Report, context.CancellationToken);
        return ReportMapping.ToResponse(result);
    }

    public override async Task SubmitReports(
        IAsyncStreamReader<SubmitReportsRequest> requestStream,
        IServerStreamWriter<SubmitReportsResponse> responseStream,
        ServerCallContext context)
    {
        var ct = context.CancellationToken;
        // The next batch is read while this one is stored: bulk batches the client has sent by then go with it.
        var reading = requestStream.MoveNext(ct);
        try
        {
            while (await reading)
            {
                var first = requestStream.Current.Reports;
                reading = requestStream.MoveNext(ct);
                if (!Groups(first.Count))
                {
                    await responseStream.WriteAsync(ReportMapping.ToResponse(await intake.SubmitBatchAsync(first, ct)), ct);
                    continue;
                }

                // While the registry is behind, the batches the client sends meanwhile gather behind this one.
                await intake.PaceAsync(first.Count, ct);
                List<IReadOnlyList<Report>> group = [first];
                var reports = first.Count;
                while (reading.IsCompletedSuccessfully && reading.Result && Groups(requestStream.Current.Reports.Count)
                    && reports + requestStream.Current.Reports.Count <= ReportIntake.MaxGroupedReports)
                {
                    group.Add(requestStream.Current.Reports);
                    reports += group[^1].Count;
                    reading = requestStream.MoveNext(ct);
                }

                foreach (var results in await intake.StoreBatchesAsync(group, ct))
                {
                    await responseStream.WriteAsync(ReportMapping.ToResponse(results), ct);
                }
            }
        }
        finally
        {
            // A read still under way when the call ends (the client gone, a batch refused) has no one left to await it.
            _ = reading.ContinueWith(static r => r.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
    }

    /// <summary>
    /// A bulk batch within the size limit goes in a group; a few reports (the registry's live lane) or an oversized batch
    /// (refused alone) go on their own.
    /// </summary>
    private static bool Groups(int reports) => reports > LiveReportsAccepted.MaxReports && reports <= ReportIntake.MaxBatchSize;

    public override async Task<GetReportResponse> GetReport(GetReportRequest request, ServerCallContext context)
    {
        if (!Guid.TryParse(request.ReportId, out var id))
        {
            throw InvalidInputException.For("report_id", $"must be a report id as SubmitReport returned it, a UUID (was '{request.ReportId}')");
        }

        var row = await db.Reports.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, context.CancellationToken)
            ?? throw new NotFoundException("report", request.ReportId);
        return new GetReportResponse { Report = ReportMapping.ToProto(row) };
    }

    public override async Task<ListFeedsResponse> ListFeeds(ListFeedsRequest request, ServerCallContext context)
    {
        var checkpoints = await db.Set<FeedCheckpoint>().AsNoTracking().OrderBy(c => c.Feed).ToListAsync(context.CancellationToken);
        return FeedMapping.ToResponse(checkpoints);
    }
}
