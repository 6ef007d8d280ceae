using Refit;

namespace Vigia.Ingestion.Feeds.Acled;

/// <summary>ACLED's read endpoints, page by page (pages count from 1).</summary>
public interface IAcledApi
{
    /// <summary>Events added or changed at or after a timestamp.</summary>
    [Get("/api/acled/read?_format=json")]
    Task<AcledPage<AcledEvent>> ReadEventsAsync(string country, long timestamp, int page, int limit, CancellationToken ct);

    /// <summary>Events deleted at or after a timestamp (every country: the endpoint has no country filter).</summary>
    [Get("/api/deleted/read?_format=json")]
    Task<AcledPage<AcledDeletion>> ReadDeletionsAsync(
        [AliasAs("deleted_timestamp")] long deletedTimestamp, int page, int limit, CancellationToken ct);
}
