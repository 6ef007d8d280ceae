using System.Net.Http.Headers;

namespace Vigia.ServiceDefaults.Auth;

/// <summary>Puts a bearer token on every outgoing request: a service's calls to another, a test's or tool's client.</summary>
public sealed class BearerTokenHandler(Func<string> token) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token());
        return base.SendAsync(request, cancellationToken);
    }
}
