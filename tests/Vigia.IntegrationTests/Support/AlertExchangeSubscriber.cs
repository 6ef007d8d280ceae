using System.Collections.Concurrent;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace Vigia.IntegrationTests.Support;

/// <summary>One message as it arrived on the subscriber's queue.</summary>
public sealed record ReceivedAlertMessage(string RoutingKey, string? ContentType, byte[] Body);

/// <summary>
/// A subscriber of the public alert stream the way a team that does not use .NET subscribes: plain
/// RabbitMQ.Client, a fresh exclusive queue bound to the durable topic exchange <c>vigia.alerts</c>.
/// Nothing of MassTransit or of Vigia's own code is involved.
/// </summary>
public sealed class AlertExchangeSubscriber : IAsyncDisposable
{
    public const string Exchange = "vigia.alerts";

    private readonly IConnection _connection;
    private readonly IChannel _channel;
    private readonly ConcurrentQueue<ReceivedAlertMessage> _messages = new();

    private AlertExchangeSubscriber(IConnection connection, IChannel channel)
    {
        _connection = connection;
        _channel = channel;
    }

    public IReadOnlyList<ReceivedAlertMessage> Messages => [.. _messages];

    /// <summary>
    /// Binds a new exclusive queue with <paramref name="bindingKey"/> (e.g. <c>opened.sv.#</c>). The
    /// exchange must already exist: the contract promises it, so alerting declares it when it starts.
    /// </summary>
    public static async Task<AlertExchangeSubscriber> StartAsync(string rabbitMqUri, string bindingKey)
    {
        var factory = new ConnectionFactory { Uri = new Uri(rabbitMqUri), ClientProvidedName = "vigia-integration-tests" };
        var connection = await factory.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync();
        try
        {
            try
            {
                await channel.ExchangeDeclarePassiveAsync(Exchange);
            }
            catch (OperationInterruptedException ex)
            {
                throw new InvalidOperationException(
                    $"The exchange '{Exchange}' does not exist in {new Uri(rabbitMqUri).AbsolutePath} although alerting is SERVING: " +
                    $"alerting must declare the durable topic exchange at start-up so subscribers can bind before the first alert. ({ex.Message})", ex);
            }

            // Declaring it again with the contract's arguments fails (406) unless it is a durable topic exchange.
            await channel.ExchangeDeclareAsync(Exchange, ExchangeType.Topic, durable: true, autoDelete: false);
            var queue = await channel.QueueDeclareAsync(queue: "", durable: false, exclusive: true, autoDelete: true);
            await channel.QueueBindAsync(queue.QueueName, Exchange, bindingKey);

            var subscriber = new AlertExchangeSubscriber(connection, channel);
            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += (_, delivery) =>
            {
                // The body's memory belongs to the client library only until this handler returns.
                subscriber._messages.Enqueue(new ReceivedAlertMessage(
                    delivery.RoutingKey, delivery.BasicProperties.ContentType, delivery.Body.ToArray()));
                return Task.CompletedTask;
            };
            await channel.BasicConsumeAsync(queue.QueueName, autoAck: true, consumer);
            return subscriber;
        }
        catch
        {
            await channel.DisposeAsync();
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
