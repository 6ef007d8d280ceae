using System.Net;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Vigia.ServiceDefaults;
using Vigia.ServiceDefaults.Messaging;

namespace Vigia.Testing;

/// <summary>
/// One or more Vigia services in memory, the way the embedded default runs them (in-memory bus,
/// SQLite files in a temporary folder), behind a TestServer (or, when asked, Kestrel on a loopback port: real HTTP/2
/// over sockets), with a gRPC channel to it.
/// </summary>
public sealed class InMemoryServiceHost : IAsyncDisposable
{
    private readonly string _dataDirectory;

    private InMemoryServiceHost(WebApplication app, string dataDirectory)
    {
        App = app;
        _dataDirectory = dataDirectory;
        Channel = CreateChannel(TestTokens.AllScopes());
    }

    private const string SocketsAddressKey = "Vigia:Testing:SocketsAddress";

    public WebApplication App { get; }
    /// <summary>A channel whose calls carry a token with every scope (subject <see cref="TestTokens.DefaultSubject"/>).</summary>
    public GrpcChannel Channel { get; }
    public IServiceProvider Services => App.Services;

    /// <summary>Where the services answer: the TestServer's address, or Kestrel's loopback address.</summary>
    public Uri BaseAddress => BaseAddressOf(App.Services);

    /// <summary>A handler for calls to <see cref="BaseAddress"/>: the TestServer's, or null (sockets) under Kestrel.</summary>
    public HttpMessageHandler? CreateHandler() => HandlerFor(App.Services);

    /// <summary>The address of the host whose services these are (for clients the services themselves register).</summary>
    public static Uri BaseAddressOf(IServiceProvider services) => services.GetRequiredService<IServer>() switch
    {
        TestServer test => test.BaseAddress,
        // Known before the server starts: a consumer may call the host before Kestrel has bound.
        _ => new Uri(services.GetRequiredService<IConfiguration>()[SocketsAddressKey]!),
    };

    /// <summary>The handler for calls to <see cref="BaseAddressOf"/>: the TestServer's, or null (sockets) under Kestrel.</summary>
    public static HttpMessageHandler? HandlerFor(IServiceProvider services) =>
        services.GetRequiredService<IServer>() is TestServer test ? test.CreateHandler() : null;

    /// <param name="addServices">Registers the services, e.g. <c>b => b.AddRegistry()</c>.</param>
    /// <param name="mapServices">Maps their gRPC endpoints, e.g. <c>app => app.MapRegistry()</c>.</param>
    /// <param name="configure">Extra registrations, e.g. replacing the TimeProvider.</param>
    /// <param name="overSockets">
    /// Kestrel on a loopback port instead of the TestServer: HTTP/2 framing, flow control and resets as clients meet
    /// them. The TestServer's in-memory pipes can hand a client a torn frame when it cancels a stream mid-write.
    /// </param>
    public static async Task<InMemoryServiceHost> StartAsync(
        Action<WebApplicationBuilder> addServices,
        Action<WebApplication> mapServices,
        Action<WebApplicationBuilder>? configure = null,
        IDictionary<string, string?>? settings = null,
        bool overSockets = false)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "vigia-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [EmbeddedMode.Key] = "true",
            ["Vigia:DataDirectory"] = dataDirectory,
        });
        builder.Configuration.AddInMemoryCollection(TestTokens.ServiceSettings);
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        if (overSockets)
        {
            var port = FreeLoopbackPort();
            builder.Configuration[SocketsAddressKey] = $"http://127.0.0.1:{port}";
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port, l => l.Protocols = HttpProtocols.Http2));
        }
        else
        {
            builder.WebHost.UseTestServer();
        }

        builder.AddServiceDefaults("test");
        addServices(builder);
        configure?.Invoke(builder);
        builder.AddBus();
        var app = builder.Build();
        mapServices(app);
        app.MapDefaultEndpoints();
        await app.StartAsync();
        return new InMemoryServiceHost(app, dataDirectory);
    }

    /// <summary>A channel whose calls carry <paramref name="token"/>, or no token when null.</summary>
    public GrpcChannel CreateChannel(string? token) =>
        TestTokens.Channel(BaseAddress, token, CreateHandler());

    /// <summary>An HTTP client for the JSON endpoints, sending a token with every scope.</summary>
    public HttpClient CreateHttpClient()
    {
        var client = App.GetTestServer().CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TestTokens.AllScopes());
        return client;
    }

    private static int FreeLoopbackPort()
    {
        using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public T GetRequiredService<T>()
        where T : notnull => App.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        // The bus first, while the server still answers: the host stops its server before its background services,
        // and a consumer in the middle of a call to a service of this same host would wait for a server that is gone.
        if (App.Services.GetService<MassTransit.IBusControl>() is { } bus)
        {
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await bus.StopAsync(patience.Token);
        }

        await App.StopAsync();
        await App.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold a file handle for a moment; the temp folder is cleaned by the OS.
        }
    }
}
