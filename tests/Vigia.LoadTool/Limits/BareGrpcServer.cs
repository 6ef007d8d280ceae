using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Vigia.LoadTool.Limits;

/// <summary>
/// Kestrel with plaintext HTTP/2 on a free loopback port, serving only <see cref="DiscardingIngestionService"/>,
/// with the platform's message size limit.
/// </summary>
public sealed class BareGrpcServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BareGrpcServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<BareGrpcServer> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(o => o.MaxReceiveMessageSize = 16 * 1024 * 1024);
        var app = builder.Build();
        app.MapGrpcService<DiscardingIngestionService>();
        await app.StartAsync(cancellationToken);
        var address = app.Urls.Single();
        return new BareGrpcServer(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
