using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Vigia.ServiceDefaults;
using Vigia.ServiceDefaults.Messaging;

namespace Vigia.Testing;

/// <summary>
/// One or more Vigia services in memory, the way the embedded default runs them (in-memory bus,
/// SQLite files in a temporary folder), behind a TestServer, with a gRPC channel to it.
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

    public WebApplication App { get; }
    /// <summary>A channel whose calls carry a token with every scope (subject <see cref="TestTokens.DefaultSubject"/>).</summary>
    public GrpcChannel Channel { get; }
    public IServiceProvider Services => App.Services;

    /// <param name="addServices">Registers the services, e.g. <c>b => b.AddRegistry()</c>.</param>
    /// <param name="mapServices">Maps their gRPC endpoints, e.g. <c>app => app.MapRegistry()</c>.</param>
    /// <param name="configure">Extra registrations, e.g. replacing the TimeProvider.</param>
    public static async Task<InMemoryServiceHost> StartAsync(
        Action<WebApplicationBuilder> addServices,
        Action<WebApplication> mapServices,
        Action<WebApplicationBuilder>? configure = null,
        IDictionary<string, string?>? settings = null)
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

        builder.WebHost.UseTestServer();
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
        TestTokens.Channel(App.GetTestServer().BaseAddress, token, App.GetTestServer().CreateHandler());

    /// <summary>An HTTP client for the JSON endpoints, sending a token with every scope.</summary>
    public HttpClient CreateHttpClient()
    {
        var client = App.GetTestServer().CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TestTokens.AllScopes());
        return client;
    }

    public T GetRequiredService<T>()
        where T : notnull => App.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
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
