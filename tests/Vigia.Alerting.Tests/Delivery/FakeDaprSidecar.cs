using System.Collections.Concurrent;
using Dapr.Client.Autogen.Grpc.v1;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Vigia.Alerting.Tests.Delivery;

/// <summary>
/// A local endpoint that speaks the Dapr sidecar's gRPC API as far as Vigia uses it: PublishEvent
/// (recorded), and gRPC service invocation, which a sidecar routes by the <c>dapr-app-id</c> header
/// to the app of that id (here: forwarded to a registered in-memory host, header and trailers kept).
/// </summary>
public sealed class FakeDaprSidecar : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeDaprSidecar(WebApplication app, Recorder recorder)
    {
        _app = app;
        Recorded = recorder;
    }

    public Recorder Recorded { get; }

    public int Port => new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;

    /// <param name="apps">Where each app id's calls go: a handler reaching that app.</param>
    public static async Task<FakeDaprSidecar> StartAsync(IReadOnlyDictionary<string, Func<HttpMessageHandler>> apps)
    {
        var recorder = new Recorder();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        var app = builder.Build();
        app.MapPost("/dapr.proto.runtime.v1.Dapr/PublishEvent", context => PublishEventAsync(context, recorder));
        app.Map("/vigia.{service}/{method}", async context =>
        {
            var appId = context.Request.Headers["dapr-app-id"].ToString();
            recorder.Invocations.Enqueue((appId, context.Request.Path.Value!));
            if (!apps.TryGetValue(appId, out var reach))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            await ForwardAsync(context, reach());
        });
        await app.StartAsync();
        return new FakeDaprSidecar(app, recorder);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>
    /// Dapr's package ships only the client side of its API, so the one unary call is answered by hand:
    /// a gRPC message is a 5-byte prefix (compressed flag, big-endian length) and the protobuf bytes.
    /// </summary>
    private static async Task PublishEventAsync(HttpContext context, Recorder recorder)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var frame = body.ToArray();
        recorder.Published.Enqueue(PublishEventRequest.Parser.ParseFrom(frame, 5, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(frame.AsSpan(1, 4))));
        context.Response.ContentType = "application/grpc";
        await context.Response.Body.WriteAsync(new byte[] { 0, 0, 0, 0, 0 });
        context.Response.AppendTrailer("grpc-status", "0");
    }

    private static async Task ForwardAsync(HttpContext context, HttpMessageHandler handler)
    {
        using var client = new HttpClient(handler) { BaseAddress = new Uri("http://app") };
        using var request = new HttpRequestMessage(HttpMethod.Post, context.Request.Path.Value)
        {
            Version = new Version(2, 0),
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new StreamContent(context.Request.Body),
        };
        foreach (var (name, values) in context.Request.Headers)
        {
            if (name.StartsWith(':') || name.Equals("dapr-app-id", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!request.Headers.TryAddWithoutValidation(name, values.ToArray()))
            {
                request.Content.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            context.Response.Headers[name] = values.ToArray();
        }

        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        foreach (var (name, values) in response.TrailingHeaders)
        {
            context.Response.AppendTrailer(name, values.ToArray());
        }
    }

    public sealed class Recorder
    {
        public ConcurrentQueue<PublishEventRequest> Published { get; } = new();

        public ConcurrentQueue<(string AppId, string Path)> Invocations { get; } = new();
    }
}
