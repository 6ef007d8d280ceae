using Refit;

namespace Vigia.Ingestion.Feeds.Acled;

/// <summary>ACLED's read endpoint: events added or changed at or after a timestamp, page by page (pages count from 1).</summary>
public interface IAcledApi
{
    [Get("/api/acled/read?_format=json")]
    Task<AcledPage<AcledEvent>> ReadEventsAsync(string country, long timestamp, int page, int limit, CancellationToken ct);
}
