using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Vigia.Ingestion.Tests.Feeds;

/// <summary>
/// A Kestrel server on 127.0.0.1 that answers as ACLED's API does, with ACLED's field names and every value a string:
/// the OAuth token endpoint (password and refresh-token grants, tokens that expire by the given clock), and the read
/// endpoint filtered by country and timestamp (at or after), paged, and the deleted endpoint filtered by deleted_timestamp
/// (at or after), paged. It can answer the next reads with 503.
/// </summary>
public sealed class FakeAcledServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _tokens = new();
    private readonly List<Dictionary<string, string>> _events = [];
    private readonly List<Dictionary<string, string>> _deletions = [];
    private int _failures;

    private FakeAcledServer(WebApplication app, TimeProvider time)
    {
        _app = app;
        _time = time;
    }

    public Uri BaseUrl => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public int TokenLifetimeSeconds { get; set; } = 86_400;

    public ConcurrentQueue<string> Grants { get; } = new();

    /// <summary>Every read as (timestamp, page, status answered).</summary>
    public ConcurrentQueue<(long Timestamp, int Page, int Status)> Reads { get; } = new();

    public static async Task<FakeAcledServer> StartAsync(TimeProvider time)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeAcledServer(app, time);
        app.MapPost("/oauth/token", server.IssueTokenAsync);
        app.MapGet("/api/acled/read", server.Read);
        app.MapGet("/api/deleted/read", server.ReadDeletions);
        await app.StartAsync();
        return server;
    }

    public void AddEvent(string id, long timestamp, string eventType = "Violence against civilians", string subEventType = "Attack", int fatalities = 1)
    {
        lock (_events)
        {
            _events.RemoveAll(e => e["event_id_cnty"] == id);
            _events.Add(new Dictionary<string, string>
            {
                ["event_id_cnty"] = id,
                ["event_date"] = "2024-03-" + (10 + _events.Count % 18).ToString("D2", CultureInfo.InvariantCulture),
                ["year"] = "2024",
                ["time_precision"] = "1",
                ["disorder_type"] = "Political violence",
                ["event_type"] = eventType,
                ["sub_event_type"] = subEventType,
                ["actor1"] = "MS-13: Mara Salvatrucha",
                ["actor2"] = "Civilians (El Salvador)",
                ["iso"] = "222",
                ["region"] = "Central America",
                ["country"] = "El Salvador",
                ["admin1"] = "San Miguel",
                ["admin2"] = "San Miguel",
                ["source"] = "La Prensa Grafica",
                ["notes"] = $"Event {id}.",
                ["fatalities"] = fatalities.ToString(CultureInfo.InvariantCulture),
                ["timestamp"] = timestamp.ToString(CultureInfo.InvariantCulture),
            });
        }
    }

    /// <summary>ACLED deletes the event: it leaves the read endpoint and appears on the deleted endpoint.</summary>
    public void DeleteEvent(string id, long deletedTimestamp)
    {
        lock (_events)
        {
            _events.RemoveAll(e => e["event_id_cnty"] == id);
            _deletions.Add(new Dictionary<string, string>
            {
                ["event_id_cnty"] = id,
                ["deleted_timestamp"] = deletedTimestamp.ToString(CultureInfo.InvariantCulture),
            });
        }
    }

    /// <summary>Every read of the deleted endpoint, by its deleted_timestamp.</summary>
    public ConcurrentQueue<long> DeletionReads { get; } = new();

    /// <summary>The next <paramref name="count"/> reads answer 503 Service Unavailable.</summary>
    public void FailNextReads(int count) => Interlocked.Exchange(ref _failures, count);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> IssueTokenAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        var grant = form["grant_type"].ToString();
        var valid = form["client_id"] == "acled" && grant switch
        {
            "password" => form["username"] == "desk@example.org" && form["password"] == "secret",
            "refresh_token" => form["refresh_token"].ToString().StartsWith("refresh-", StringComparison.Ordinal),
            _ => false,
        };
        if (!valid)
        {
            return Results.BadRequest(new { error = "invalid_grant" });
        }

        Grants.Enqueue(grant);
        var token = "token-" + Guid.NewGuid().ToString("N");
        _tokens[token] = _time.GetUtcNow().AddSeconds(TokenLifetimeSeconds);
        return Results.Json(new Dictionary<string, object>
        {
            ["token_type"] = "Bearer",
            ["expires_in"] = TokenLifetimeSeconds,
            ["access_token"] = token,
            ["refresh_token"] = "refresh-" + Guid.NewGuid().ToString("N"),
        });
    }

    private IResult ReadDeletions(HttpRequest request)
    {
        var since = long.Parse(request.Query["deleted_timestamp"].ToString(), CultureInfo.InvariantCulture);
        var page = int.Parse(request.Query["page"].ToString(), CultureInfo.InvariantCulture);
        var limit = int.Parse(request.Query["limit"].ToString(), CultureInfo.InvariantCulture);
        var token = request.Headers.Authorization.ToString().Replace("Bearer ", "", StringComparison.Ordinal);
        if (!_tokens.TryGetValue(token, out var expires) || _time.GetUtcNow() >= expires)
        {
            return Results.StatusCode(401);
        }

        List<Dictionary<string, string>> data;
        lock (_events)
        {
            data = [.. _deletions
                .Where(d => long.Parse(d["deleted_timestamp"], CultureInfo.InvariantCulture) >= since)
                .OrderBy(d => long.Parse(d["deleted_timestamp"], CultureInfo.InvariantCulture)).ThenBy(d => d["event_id_cnty"], StringComparer.Ordinal)
                .Skip((page - 1) * limit).Take(limit)];
        }

        DeletionReads.Enqueue(since);
        return Results.Json(new Dictionary<string, object> { ["status"] = 200, ["success"] = true, ["count"] = data.Count, ["data"] = data });
    }

    private IResult Read(HttpRequest request)
    {
        var timestamp = long.Parse(request.Query["timestamp"].ToString(), CultureInfo.InvariantCulture);
        var page = int.Parse(request.Query["page"].ToString(), CultureInfo.InvariantCulture);
        var limit = int.Parse(request.Query["limit"].ToString(), CultureInfo.InvariantCulture);
        var token = request.Headers.Authorization.ToString().Replace("Bearer ", "", StringComparison.Ordinal);
        if (!_tokens.TryGetValue(token, out var expires) || _time.GetUtcNow() >= expires)
        {
            Reads.Enqueue((timestamp, page, 401));
            return Results.StatusCode(401);
        }

        if (Interlocked.Decrement(ref _failures) >= 0)
        {
            Reads.Enqueue((timestamp, page, 503));
            return Results.StatusCode(503);
        }

        List<Dictionary<string, string>> data;
        lock (_events)
        {
            data = [.. _events
                .Where(e => e["country"] == request.Query["country"] && long.Parse(e["timestamp"], CultureInfo.InvariantCulture) >= timestamp)
                .OrderBy(e => long.Parse(e["timestamp"], CultureInfo.InvariantCulture)).ThenBy(e => e["event_id_cnty"], StringComparer.Ordinal)
                .Skip((page - 1) * limit).Take(limit)];
        }

        Reads.Enqueue((timestamp, page, 200));
        return Results.Json(new Dictionary<string, object> { ["status"] = 200, ["success"] = true, ["count"] = data.Count, ["data"] = data });
    }
}
