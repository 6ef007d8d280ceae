namespace Vigia.Alerting.Delivery;

/// <summary>The public alert stream: on when ConnectionStrings:rabbitmq is set.</summary>
public sealed class AlertStreamOptions
{
    public const string Section = "Vigia:Alerting";
    public const string DefaultExchange = "vigia.alerts";

    /// <summary>The durable topic exchange the CloudEvents go to (Vigia:Alerting:Exchange).</summary>
    public string Exchange { get; set; } = DefaultExchange;

    /// <summary>The amqp:// URI of the broker; the stream is off without it.</summary>
    public string? RabbitMqUri { get; set; }
}
