using MassTransit;
using Vigia.Contracts.Messages;
using Vigia.Ingestion.Consumers;
using Vigia.Ingestion.Data;
using Vigia.Ingestion.Feeds.Acled;
using Vigia.Ingestion.Grpc;
using Vigia.Ingestion.Normalisation;
using Vigia.Ingestion.Reports;
using Vigia.ServiceDefaults.Delivery;
using Vigia.ServiceDefaults.Grpc;
using Vigia.ServiceDefaults.Messaging;
using Vigia.ServiceDefaults.Persistence;

namespace Vigia.Ingestion;

public static class IngestionServiceRegistration
{
    /// <summary>Ingestion's database (schema "ingestion"), normalisation, report intake and its consumer.</summary>
    public static IHostApplicationBuilder AddIngestion(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<IngestionDbContext, SqliteIngestionDbContext>(IngestionDbContext.Schema);
        builder.PublishesThroughOutbox<ReportsAccepted>().PublishesThroughOutbox<LiveReportsAccepted>().PublishesThroughOutbox<ReportsWithdrawn>();
        builder.Services.AddPlaceResolver();
        builder.Services.AddSingleton<ReportValidator>();
        builder.Services.AddScoped<ReportIntake>();
        builder.Services.AddSingleton<IngestionMetrics>();
        builder.Services.AddSingleton<BulkPacing>();
        builder.Services.AddOptions<BulkPacingOptions>().BindConfiguration(BulkPacingOptions.Section);
        builder.AddBusConsumers(x => x.AddConsumer<ReportsRecordedConsumer, ReportsRecordedConsumerDefinition>());
        builder.AddAcledFeed();
        return builder;
    }

    /// <summary>Maps vigia.ingestion.v1.IngestionService; with <paramref name="requireHost"/> (e.g. "*:5101") only on that port.</summary>
    public static IEndpointRouteBuilder MapIngestion(this IEndpointRouteBuilder app, string? requireHost = null)
    {
        var endpoint = app.MapGrpcService<IngestionGrpcService>();
        if (requireHost is not null)
        {
            endpoint.RequireHost(requireHost);
        }

        return app;
    }
}
