using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using Vigia.Alerting.V1;

namespace Vigia.Alerting.Delivery;

/// <summary>
/// Publishes alert CloudEvents to the vigia.alerts topic exchange with plain RabbitMQ.Client: teams
/// outside .NET read this stream, so MassTransit's conventions (its envelope, its exchange names)
/// must not shape it. Messages are persistent and each publish waits for the broker's confirm.
/// </summary>
public sealed class AlertExchangePublisher(IOptions<AlertStreamOptions> options, ILogger<AlertExchangePublisher> logger) : IAlertStreamSink, IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;
    private IChannel? _channel;

    public string Exchange => options.Value.Exchange;

    public string Name => $"rabbitmq:{Exchange}";

    public Task PrepareAsync(CancellationToken ct) => EnsureConnectedAsync(ct);

    /// <summary>Connects (once) and declares the durable topic exchange.</summary>
    public async Task<IChannel> EnsureConnectedAsync(CancellationToken ct)
    {
        if (_channel is { IsOpen: true } open)
        {
            return open;
        }

        await _gate.WaitAsync(ct);
        try
        {
            if (_channel is { IsOpen: true } raced)
            {
                return raced;
            }

            await ResetAsync();
            var uri = options.Value.RabbitMqUri ?? throw new InvalidOperationException("The alert stream has no RabbitMQ URI.");
            var factory = new ConnectionFactory { Uri = new Uri(uri), ClientProvidedName = "vigia-alerting-stream" };
            _connection = await factory.CreateConnectionAsync(ct);
            _channel = await _connection.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), ct);
            await _channel.ExchangeDeclareAsync(Exchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: ct);
            logger.LogInformation("Alert stream connected; exchange {Exchange} declared", Exchange);
            return _channel;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Returns once the broker confirmed the message; throws when it refused it or the connection failed.</summary>
    /// <param name="traceParent">The W3C trace context the event was raised in, also sent as the AMQP header of that name.</param>
    public async Task PublishAsync(AlertEvent alertEvent, string? traceParent, CancellationToken ct)
    {
        var channel = await EnsureConnectedAsync(ct);
        var properties = new BasicProperties
        {
            Persistent = true,
            ContentType = AlertCloudEvent.ContentType,
            MessageId = alertEvent.EventId,
            Type = AlertCloudEvent.TypeOf(alertEvent.Kind),
            Timestamp = new AmqpTimestamp(alertEvent.EmittedAt?.Seconds ?? 0),
        };
        if (!string.IsNullOrEmpty(traceParent))
        {
            properties.Headers = new Dictionary<string, object?> { ["traceparent"] = traceParent };
        }

        try
        {
            await channel.BasicPublishAsync(Exchange, AlertRoutingKey.For(alertEvent), mandatory: false, properties,
                AlertCloudEvent.Encode(alertEvent, traceParent), ct);
        }
        catch
        {
            // A failed or unconfirmed publish leaves the channel in doubt: start over on the next try.
            await ResetAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await ResetAsync();
        _gate.Dispose();
    }

    private async Task ResetAsync()
    {
        try
        {
            if (_channel is not null)
            {
                await _channel.DisposeAsync();
            }

            if (_connection is not null)
            {
                await _connection.DisposeAsync();
            }
        }
        catch (Exception ex)
        {
            logger.LogDebug(ex, "Closing the alert stream connection failed");
        }

        _channel = null;
        _connection = null;
    }
}
