using Dapr.Client;
using MassTransit;
using Vigia.Alerting.Alerts;
using Vigia.Alerting.Consumers;
using Vigia.Alerting.Data;
using Vigia.Alerting.Delivery;
using Vigia.Alerting.Grpc;
using Vigia.Alerting.Rules;
using Vigia.Alerting.Series;
using Vigia.Alerting.Silences;
using Vigia.Alerting.Waves;
using Vigia.Contracts.Messages;
using Vigia.ServiceDefaults;
using Vigia.ServiceDefaults.Delivery;
using Vigia.ServiceDefaults.Grpc;
using Vigia.ServiceDefaults.Messaging;
using Vigia.ServiceDefaults.Persistence;
using Vigia.Statistics.V1;

namespace Vigia.Alerting;

public static class AlertingServiceRegistration
{
    public const int StatisticsPort = 5103;

    /// <summary>
    /// Alerting's database, rules, evaluation of SeriesChanged, the live alert feed, the statistics
    /// client, and the vigia.alerts stream when ConnectionStrings:rabbitmq is set.
    /// </summary>
    public static IHostApplicationBuilder AddAlerting(this IHostApplicationBuilder builder)
    {
        builder.AddAlertingDatabase();
        // After the database initializer: hosted services start in registration order.
        builder.Services.AddHostedService<DefaultRuleSeeder>();

        builder.Services.AddScoped<RuleCatalog>();
        builder.Services.AddScoped<AlertCatalog>();
        builder.Services.AddScoped<SilenceCatalog>();
        builder.Services.Configure<SilenceOptions>(builder.Configuration.GetSection(SilenceOptions.Section));
        builder.Services.AddScoped<AlertRecorder>();
        builder.Services.AddScoped<AlertEvaluator>();
        builder.Services.AddHostedService<SeriesJudge>();
        builder.Services.AddSingleton<AlertingMetrics>();
        builder.Services.AddScoped<AlertSubscriptions>();
        builder.Services.AddScoped<Backtester>();

        // Services:statistics (default http://localhost:5103), or Dapr service invocation next to a sidecar.
        builder.AddServiceClient<StatisticsService.StatisticsServiceClient>("statistics", StatisticsPort);
        builder.Services.AddScoped<ISeriesSource, StatisticsSeriesSource>();
        builder.Services.AddSingleton<SeriesCache>();

        builder.Services.AddSingleton<AlertFeed>();
        builder.Services.AddHostedService<AlertEventDispatcher>();
        builder.Services.AddHostedService<ProvisionalAlertConfirmer>();

        builder.Services.Configure<AlertStreamOptions>(o =>
        {
            o.Exchange = builder.Configuration[$"{AlertStreamOptions.Section}:Exchange"] is { Length: > 0 } exchange
                ? exchange
                : AlertStreamOptions.DefaultExchange;
            o.RabbitMqUri = builder.Configuration.GetConnectionString("rabbitmq");
            o.DaprPubSub = builder.Configuration[$"{AlertStreamOptions.Section}:DaprPubSub"];
            o.DaprTopic = builder.Configuration[$"{AlertStreamOptions.Section}:DaprTopic"] is { Length: > 0 } topic ? topic : o.Exchange;
        });
        builder.Services.AddSingleton<AlertExchangePublisher>();
        var sinks = 0;
        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString("rabbitmq")))
        {
            builder.Services.AddSingleton<IAlertStreamSink>(s => s.GetRequiredService<AlertExchangePublisher>());
            sinks++;
        }

        if (!string.IsNullOrWhiteSpace(builder.Configuration[$"{AlertStreamOptions.Section}:DaprPubSub"]))
        {
            var sidecar = DaprSidecar.GrpcEndpoint(builder.Configuration)
                ?? throw new MissingConfigurationException(
                    $"{AlertStreamOptions.Section}:DaprPubSub is set but no Dapr sidecar is: DAPR_GRPC_ENDPOINT or DAPR_GRPC_PORT is missing.");
            builder.Services.AddSingleton(_ => new DaprClientBuilder().UseGrpcEndpoint(sidecar).Build());
            builder.Services.AddSingleton<IAlertStreamSink, DaprAlertPublisher>();
            sinks++;
        }

        if (sinks > 0)
        {
            builder.Services.AddHostedService<AlertStreamRelay>();
        }

        builder.AddBusConsumers(x => x.AddConsumer<SeriesChangedConsumer, SeriesChangedConsumerDefinition>());
        return builder;
    }

    /// <summary>
    /// Alerting's database and what <c>set-aside list|replay</c> needs of it: a replayed change is queued there for the
    /// running service's judge, so the command needs no statistics client, token or bus.
    /// </summary>
    public static IHostApplicationBuilder AddAlertingDatabase(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<AlertingDbContext, SqliteAlertingDbContext>(AlertingDbContext.Schema);
        builder.Services.AddSingleton<QueueArrivals>();
        builder.Services.AddSetAsideReplay<SeriesChangedConsumer, SeriesChange>(SeriesChangedConsumer.Name);
        return builder;
    }

    public static IEndpointRouteBuilder MapAlerting(this IEndpointRouteBuilder app, string? requireHost = null)
    {
        var endpoint = app.MapGrpcService<AlertingGrpcService>();
        if (requireHost is not null)
        {
            endpoint.RequireHost(requireHost);
        }

        return app;
    }
}
