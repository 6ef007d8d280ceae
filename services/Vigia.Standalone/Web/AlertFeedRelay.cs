using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Google.Protobuf;
using Grpc.Core;
using Vigia.Alerting.V1;

namespace Vigia.Standalone.Web;

/// <summary>
/// What the web page needs from alerting, relayed from its gRPC API to the browser: the alerts so far as JSON, and the
/// live SubscribeAlerts stream as server-sent events. The caller's own bearer token is passed on, so alerting decides
/// what it may see (vigia.read for alerts, vigia.subscribe for the feed) exactly as for any other client.
/// </summary>
public sealed class AlertFeedRelay(AlertingService.AlertingServiceClient alerting)
{
    private static readonly JsonFormatter s_json = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(false));

    /// <summary>Every alert, as a JSON array of proto-JSON alerts (the page marks those that fit its series).</summary>
    public async Task<IResult> ListAsync(HttpContext http)
    {
        var alerts = new List<string>();
        var token = "";
        try
        {
            do
            {
                var page = await alerting.ListAlertsAsync(
                    new ListAlertsRequest { PageSize = 500, PageToken = token }, Forwarded(http), cancellationToken: http.RequestAborted);
                alerts.AddRange(page.Alerts.Select(a => s_json.Format(a)));
                token = page.NextPageToken;
            }
            while (token.Length > 0);
        }
        catch (RpcException e)
        {
            return Results.Text(e.Status.Detail, "text/plain", statusCode: HttpStatusOf(e.StatusCode));
        }

        return Results.Text($"[{string.Join(',', alerts)}]", "application/json");
    }

    /// <summary>
    /// The live feed: one "alert" event per AlertEvent, its data the event as proto-JSON, until the browser leaves. The
    /// headers go out at once, so the page knows the feed is open before the first alert; a refused subscription (no
    /// token, no vigia.subscribe) ends it with one "error" event carrying the status.
    /// </summary>
    public async Task StreamAsync(HttpContext http)
    {
        var ct = http.RequestAborted;
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        await http.Response.Body.FlushAsync(ct);
        try
        {
            await SseFormatter.WriteAsync(EventsAsync(Forwarded(http), ct), http.Response.Body, ct);
        }
        catch (RpcException e) when (!ct.IsCancellationRequested)
        {
            await SseFormatter.WriteAsync(Single(new SseItem<string>($"{e.StatusCode}: {e.Status.Detail}", "error")), http.Response.Body, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The browser left: the normal end of a feed.
        }
    }

    private async IAsyncEnumerable<SseItem<string>> EventsAsync(Metadata headers, [EnumeratorCancellation] CancellationToken ct)
    {
        using var call = alerting.SubscribeAlerts(new SubscribeAlertsRequest(), headers, cancellationToken: ct);
        while (await call.ResponseStream.MoveNext(ct))
        {
            var alertEvent = call.ResponseStream.Current.Event;
            yield return new SseItem<string>(s_json.Format(alertEvent), "alert") { EventId = alertEvent.EventId };
        }
    }

    private static async IAsyncEnumerable<SseItem<string>> Single(SseItem<string> item)
    {
        await Task.CompletedTask;
        yield return item;
    }

    private static int HttpStatusOf(StatusCode code) => code switch
    {
        StatusCode.Unauthenticated => StatusCodes.Status401Unauthorized,
        StatusCode.PermissionDenied => StatusCodes.Status403Forbidden,
        StatusCode.ResourceExhausted => StatusCodes.Status429TooManyRequests,
        _ => StatusCodes.Status502BadGateway,
    };

    private static Metadata Forwarded(HttpContext http) =>
        http.Request.Headers.Authorization.ToString() is { Length: > 0 } authorization ? new Metadata { { "authorization", authorization } } : [];
}
