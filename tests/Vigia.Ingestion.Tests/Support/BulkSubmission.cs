using Grpc.Core;
using Vigia.Ingestion.V1;

namespace Vigia.Ingestion.Tests.Support;

public static class BulkSubmission
{
    /// <summary>Streams the batches one by one, reading each batch's answer before sending the next.</summary>
    public static async Task<List<SubmitReportsResponse>> SubmitAsync(
        IngestionService.IngestionServiceClient client, IEnumerable<SubmitReportsRequest> batches)
    {
        using var call = client.SubmitReports();
        var responses = new List<SubmitReportsResponse>();
        foreach (var batch in batches)
        {
            await call.RequestStream.WriteAsync(batch);
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            responses.Add(call.ResponseStream.Current);
        }

        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));
        return responses;
    }
}
