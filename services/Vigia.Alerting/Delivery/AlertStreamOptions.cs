namespace Vigia.Alerting.Delivery;

/// <summary>The public alert stream: to RabbitMQ when ConnectionStrings:rabbitmq is set, to Dapr pub/sub when a component is named.</summary>
public sealed class AlertStreamOptions
{
    public const string Section = "Vigia:Alerting";
    public const string DefaultExchange = "vigia.alerts";

    /// <summary>The durable topic exchange the CloudEvents go to (Vigia:Alerting:Exchange).</summary>
    public string Exchange { get; set; } = DefaultExchange;

    /// <summary>The amqp:// URI of the broker; the stream is off without it.</summary>
    public string? RabbitMqUri { get; set; }

    /// <summary>The Dapr pub/sub component the CloudEvents also go to (Vigia:Alerting:DaprPubSub); off when empty.</summary>
    public string? DaprPubSub { get; set; }

    /// <summary>The Dapr topic (Vigia:Alerting:DaprTopic), by default the exchange's name.</summary>
    public string DaprTopic { get; set; } = DefaultExchange;
}
