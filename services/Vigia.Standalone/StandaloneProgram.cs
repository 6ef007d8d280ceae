using System.Globalization;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Vigia.Alerting;
using Vigia.Alerting.Series;
using Vigia.Ingestion;
using Vigia.Ingestion.Reports;
using Vigia.Registry;
using Vigia.ServiceDefaults;
using Vigia.ServiceDefaults.Messaging;
using Vigia.Standalone.Web;
using Vigia.Statistics;

namespace Vigia.Standalone;

/// <summary>
/// One command, no servers: the four services in one process, each on its own port, MassTransit's
/// in-memory transport between them and a SQLite file each under the data folder.
/// </summary>
public static class StandaloneProgram
{
    private const string PacingKey = $"{BulkPacingOptions.Section}:{nameof(BulkPacingOptions.MaxUnrecorded)}";

    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var ports = StandalonePorts.From(builder.Configuration);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [EmbeddedMode.Key] = "true",
            ["Services:statistics"] = builder.Configuration["Services:statistics"] ?? $"http://localhost:{ports.Statistics}",
            [PacingKey] = builder.Configuration[PacingKey] ?? BulkPacingOptions.EmbeddedMaxUnrecorded.ToString(CultureInfo.InvariantCulture),
        });
        var devToken = DevelopmentTokens.Prepare(builder.Configuration);

        builder.AddServiceDefaults("vigia-standalone");
        // Listening in code (not UseUrls) because the web port speaks HTTP/1.1 while the others keep the defaults' h2c.
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            foreach (var port in ports.All)
            {
                kestrel.ListenAnyIP(port);
            }

            kestrel.ListenAnyIP(ports.Web, listen => listen.Protocols = HttpProtocols.Http1);
        });
        builder.AddIngestion();
        builder.AddRegistry();
        builder.AddStatistics();
        builder.AddAlerting();
        builder.Services.Replace(ServiceDescriptor.Scoped<ISeriesSource, InProcessSeriesSource>());
        builder.AddBus();
        builder.AddWebPage(ports, devToken);

        var app = builder.Build();
        app.MapIngestion($"*:{ports.Ingestion}");
        app.MapRegistry($"*:{ports.Registry}", $"*:{ports.Web}");
        app.MapStatistics($"*:{ports.Statistics}", $"*:{ports.Web}");
        app.MapAlerting($"*:{ports.Alerting}");
        app.MapWebPage($"*:{ports.Web}");
        app.MapDefaultEndpoints();

        var tokenHint = devToken is null ? "" :
            $"\nA token with every scope is in {devToken}\n(try: grpcurl -plaintext -H \"authorization: Bearer $(cat {devToken})\" localhost:{ports.Ingestion} list).";
        app.Lifetime.ApplicationStarted.Register(() => Console.WriteLine(
            $"""
            Vigia is running on the embedded default (in-process bus, SQLite in {EmbeddedMode.DataDirectory(app.Configuration)}):
              ingestion   h2c://localhost:{ports.Ingestion}   vigia.ingestion.v1.IngestionService
              registry    h2c://localhost:{ports.Registry}   vigia.registry.v1.RegistryService
              statistics  h2c://localhost:{ports.Statistics}   vigia.statistics.v1.StatisticsService
              alerting    h2c://localhost:{ports.Alerting}   vigia.alerting.v1.AlertingService
              web page    http://localhost:{ports.Web}/   series with their alerts, the live alert feed, and the HTTP/JSON routes over HTTP/1.1
            Every port serves grpc.health.v1.Health; every other call needs a bearer token.{tokenHint}
            Press Ctrl+C to stop.
            """));
        await app.RunAsync();
    }
}
