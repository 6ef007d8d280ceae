using Refit;

namespace Vigia.Ingestion.Feeds.Acled;

/// <summary>ACLED's OAuth token endpoint (client id "acled"): a password grant, then refresh-token grants.</summary>
public interface IAcledAuthApi
{
    [Post("/oauth/token")]
    Task<AcledToken> GetTokenAsync([Body(BodySerializationMethod.UrlEncoded)] Dictionary<string, string> form, CancellationToken ct);
}
