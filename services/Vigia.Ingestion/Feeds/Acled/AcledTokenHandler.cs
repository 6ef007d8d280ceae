using System.Net.Http.Headers;

namespace Vigia.Ingestion.Feeds.Acled;

/// <summary>Puts ACLED's bearer token on every API request.</summary>
public sealed class AcledTokenHandler(AcledTokens tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetAsync(cancellationToken));
        return await base.SendAsync(request, cancellationToken);
    }
}
