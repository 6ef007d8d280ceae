using System.Net;

namespace Vigia.Standalone.Web;

/// <summary>
/// Hands the embedded default's development token to the web page, so it works with no setup, but only to a page this
/// machine opened on a loopback name: the connection must come from a loopback address, the Host header must name one
/// (a page of another site whose name was made to resolve to 127.0.0.1 sends its own name: DNS rebinding is refused),
/// and a browser's fetch must be same-origin. No CORS header is ever sent, so other sites' pages cannot read it either.
/// </summary>
public sealed class DevTokenAccess(string? tokenFile)
{
    private static readonly string[] s_loopbackNames = ["localhost", "127.0.0.1", "[::1]"];

    public async Task<IResult> GetAsync(HttpContext http)
    {
        if (tokenFile is null)
        {
            return Results.NotFound("This installation uses its own identity provider or keys: paste a token into the page.");
        }

        return IsLocalSameOrigin(http.Request, http.Connection.RemoteIpAddress)
            ? Results.Text((await File.ReadAllTextAsync(tokenFile, http.RequestAborted)).Trim(), "text/plain")
            : Results.StatusCode(StatusCodes.Status403Forbidden);
    }

    public static bool IsLocalSameOrigin(HttpRequest request, IPAddress? remote) =>
        remote is not null && IPAddress.IsLoopback(remote)
        && s_loopbackNames.Contains(request.Host.Host, StringComparer.OrdinalIgnoreCase)
        && request.Headers["Sec-Fetch-Site"].ToString() is "" or "same-origin";
}
