using Grpc.Core;
using Vigia.Ingestion.V1;

namespace Vigia.LoadTool.Limits;

/// <summary>
/// The SubmitReports contract with nothing behind it: each batch is answered as the platform answers
/// it (one result per record, with an id) and then dropped. What is left is the cost of gRPC itself.
/// </summary>
public sealed class DiscardingIngestionService : IngestionService.IngestionServiceBase
{
    public override async Task SubmitReports(IAsyncStreamReader<SubmitReportsRequest> requestStream, IServerStreamWriter<SubmitReportsResponse> responseStream, ServerCallContext context)
    {
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            var reports = requestStream.Current.Reports;
            var response = new SubmitReportsResponse();
            for (var i = 0; i < reports.Count; i++)
            {
                response.Results.Add(new ReportResult
                {
                    Index = i,
                    Source = reports[i].Source,
                    SourceRecordId = reports[i].SourceRecordId,
                    ReportId = Guid.CreateVersion7().ToString(),
                    Status = ReportStatus.Accepted,
                });
            }

            await responseStream.WriteAsync(response, context.CancellationToken);
        }
    }
}
