using MassTransit;
using Vigia.Contracts.Messages;
using Vigia.Registry.Consumers;
using Vigia.Registry.Data;
using Vigia.Registry.Grpc;
using Vigia.Registry.Incidents;
using Vigia.ServiceDefaults.Delivery;
using Vigia.ServiceDefaults.Grpc;
using Vigia.ServiceDefaults.Messaging;
using Vigia.ServiceDefaults.Persistence;

namespace Vigia.Registry;

public static class RegistryServiceRegistration
{
    /// <summary>The registry's database, its consumers of accepted and withdrawn reports, and the classes behind its RPCs.</summary>
    public static IHostApplicationBuilder AddRegistry(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<RegistryDbContext, SqliteRegistryDbContext>(RegistryDbContext.Schema);
        builder.PublishesThroughOutbox<IncidentsChanged>().PublishesThroughOutbox<ReportsRecorded>();
        builder.Services.AddScoped<IncidentQueries>();
        builder.Services.AddPlaceResolver();
        builder.Services.AddScoped<IncidentAmendments>();
        builder.Services.AddScoped<IncidentChangeFeed>();
        builder.Services.AddScoped<IncidentSplits>();
        builder.Services.AddScoped<ReportRecorder>();
        builder.Services.AddSingleton(new GroupCommit<ConsumeContext<ReportsAccepted>>(c => c.Message.Reports.Count));
        builder.Services.AddSetAsideReplay<ReportRecorder, AcceptedReport>(ReportsAcceptedConsumer.Name);
        builder.Services.AddSetAsideReplay<ReportRecorder, AcceptedReport>(LiveReportsAcceptedConsumer.Name);
        builder.AddBusConsumers(x =>
        {
            x.AddConsumer<ReportsAcceptedConsumer, ReportsAcceptedConsumerDefinition>();
            x.AddConsumer<LiveReportsAcceptedConsumer, LiveReportsAcceptedConsumerDefinition>();
            x.AddConsumer<ReportsWithdrawnConsumer, ReportsWithdrawnConsumerDefinition>();
        });
        return builder;
    }

    /// <summary>
    /// Maps vigia.registry.v1.RegistryService (and its HTTP/JSON routes); with <paramref name="requireHosts"/>, only on
    /// those hosts (e.g. "*:5102", and the standalone's web port for the JSON).
    /// </summary>
    public static IEndpointRouteBuilder MapRegistry(this IEndpointRouteBuilder app, params string[] requireHosts)
    {
        var endpoint = app.MapGrpcService<RegistryGrpcService>();
        if (requireHosts.Length > 0)
        {
            endpoint.RequireHost(requireHosts);
        }

        return app;
    }
}
