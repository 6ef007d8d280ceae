using MassTransit;
using Vigia.Contracts.Messages;
using Vigia.ServiceDefaults.Delivery;
using Vigia.ServiceDefaults.Messaging;
using Vigia.ServiceDefaults.Persistence;
using Vigia.Statistics.Consumers;
using Vigia.Statistics.Data;
using Vigia.Statistics.Grpc;
using Vigia.Statistics.Interventions;
using Vigia.Statistics.Populations;
using Vigia.Statistics.Projection;
using Vigia.Statistics.Rates;
using Vigia.Statistics.Series;

namespace Vigia.Statistics;

public static class StatisticsServiceRegistration
{
    /// <summary>The statistics database, the incident projection and its consumer, the populations and the queries.</summary>
    public static IHostApplicationBuilder AddStatistics(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<StatisticsDbContext, SqliteStatisticsDbContext>(StatisticsDbContext.Schema);
        builder.PublishesThroughOutbox<SeriesChanged>();

        // Loaded at start-up, so a broken replacement file stops the service instead of the first query.
        builder.Services.AddSingleton(PopulationFile.Load(builder.Configuration[PopulationFile.SettingKey]));

        builder.Services.AddScoped<IncidentProjection>();
        builder.Services.AddSingleton(new GroupCommit<ConsumeContext<IncidentsChanged>>(c => c.Message.Incidents.Count));
        builder.Services.AddScoped<CountAggregation>();
        builder.Services.AddScoped<TimeSeriesQuery>();
        builder.Services.AddScoped<PeriodComparison>();
        builder.Services.AddScoped<RateQuery>();
        builder.Services.AddScoped<PlaceRanking>();
        builder.Services.AddScoped<CountPanelQuery>();
        builder.Services.AddScoped<InterventionEvaluation>();

        builder.Services.AddSetAsideReplay<IncidentsChangedConsumer, IncidentSnapshot>(IncidentsChangedConsumer.Name);
        builder.AddBusConsumers(x => x.AddConsumer<IncidentsChangedConsumer, IncidentsChangedConsumerDefinition>());
        return builder;
    }

    /// <summary>
    /// Maps vigia.statistics.v1.StatisticsService (and its HTTP/JSON routes); only on <paramref name="requireHosts"/> when
    /// given (e.g. "*:5103", and the standalone's web port for the JSON).
    /// </summary>
    public static IEndpointRouteBuilder MapStatistics(this IEndpointRouteBuilder app, params string[] requireHosts)
    {
        var endpoint = app.MapGrpcService<StatisticsGrpcService>();
        if (requireHosts.Length > 0)
        {
            endpoint.RequireHost(requireHosts);
        }

        return app;
    }
}
