using Google.Protobuf.WellKnownTypes;
using Vigia.Ingestion.Feeds;
using Vigia.Ingestion.V1;

namespace Vigia.Ingestion.Grpc;

/// <summary>Feed checkpoints as the proto's <see cref="Feed"/>.</summary>
public static class FeedMapping
{
    public static ListFeedsResponse ToResponse(IEnumerable<FeedCheckpoint> checkpoints)
    {
        var response = new ListFeedsResponse();
        response.Feeds.AddRange(checkpoints.Select(ToProto));
        return response;
    }

    private static Feed ToProto(FeedCheckpoint checkpoint) => new()
    {
        Name = checkpoint.Feed,
        ChangesSince = checkpoint.ChangesSince,
        LastRunTime = checkpoint.LastRunAt is { } at ? Timestamp.FromDateTime(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null,
        LastRunRecords = checkpoint.LastRunRecords,
        LastError = checkpoint.LastError ?? "",
        DeletionsSince = checkpoint.DeletionsSince,
    };
}
