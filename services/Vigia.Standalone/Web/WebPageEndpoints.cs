using System.Reflection;

namespace Vigia.Standalone.Web;

/// <summary>
/// The analysts' web page on its own HTTP/1.1 port (browsers cannot speak the services' prior-knowledge h2c): the page
/// and its script, the development token for a local browser, and the alert relay. The same port also answers the
/// services' HTTP/JSON (transcoded) routes, mapped there by the standalone.
/// </summary>
public static class WebPageEndpoints
{
    public static IEndpointRouteBuilder MapWebPage(this IEndpointRouteBuilder app, string requireHost)
    {
        app.MapGet("/", () => Page("index.html", "text/html; charset=utf-8")).RequireHost(requireHost);
        app.MapGet("/vigia.js", () => Page("vigia.js", "text/javascript; charset=utf-8")).RequireHost(requireHost);
        app.MapGet("/web/dev-token", (HttpContext http, DevTokenAccess access) => access.GetAsync(http)).RequireHost(requireHost);
        app.MapGet("/web/alerts", (HttpContext http, AlertFeedRelay relay) => relay.ListAsync(http)).RequireHost(requireHost);
        app.MapGet("/web/alerts/stream", (HttpContext http, AlertFeedRelay relay) => relay.StreamAsync(http)).RequireHost(requireHost);
        return app;
    }

    /// <summary>The page's files are embedded in the assembly, so the page is there however the standalone is run.</summary>
    private static IResult Page(string name, string contentType)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Vigia.Standalone.Web.Page.{name}")
            ?? throw new InvalidOperationException($"The web page's {name} is not embedded.");
        using var reader = new StreamReader(stream);
        return Results.Text(reader.ReadToEnd(), contentType);
    }
}
