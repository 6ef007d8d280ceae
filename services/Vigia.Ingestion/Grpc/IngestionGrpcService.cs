using Grpc.Core;
using Microsoft.EntityFrameworkCore;
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
        await foreach (var batch in requestStream.ReadAllAsync(ct))
        {
            var results = await intake.SubmitBatchAsync(batch.Reports, ct);
            await responseStream.WriteAsync(ReportMapping.ToResponse(results), ct);
        }
    }

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
