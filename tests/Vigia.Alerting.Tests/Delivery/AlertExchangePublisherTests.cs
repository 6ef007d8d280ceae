using System.Text.Json;
using Google.Protobuf;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using Vigia.Alerting.Alerts;
using Vigia.Alerting.Delivery;
using Vigia.Alerting.V1;
using Vigia.Alerting.Waves;
using Vigia.Common.V1;
using Vigia.ServiceDefaults.Grpc;
using Vigia.Testing;

namespace Vigia.Alerting.Tests.Delivery;

/// <summary>The public stream as a team outside .NET sees it: a plain AMQP consumer bound to vigia.alerts.</summary>
public sealed class AlertExchangePublisherTests
{
    [SkippableFact]
    public async Task PublishAsync_OpenedInElSalvador_ReachesAPlainConsumerBoundToOpenedSv()
    {
        TestServers.RequireRabbitMq();
        var options = Options.Create(new AlertStreamOptions { RabbitMqUri = TestServers.RabbitMqUri });
        await using var publisher = new AlertExchangePublisher(options, NullLogger<AlertExchangePublisher>.Instance);
        await publisher.EnsureConnectedAsync(CancellationToken.None);

        var alertEvent = AlertCloudEventTests.Opened(new Selector
        {
            CountryCodes = { "SV" },
            Admin1 = { "SV-SM" },
            IncidentTypes = { IncidentType.Homicide },
            VictimCategories = { VictimCategory.SecurityForceRelative },
        });

        var factory = new ConnectionFactory { Uri = new Uri(TestServers.RabbitMqUri) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var queue = (await channel.QueueDeclareAsync(queue: "", durable: false, exclusive: true, autoDelete: true)).QueueName;
        await channel.QueueBindAsync(queue, AlertStreamOptions.DefaultExchange, "opened.sv.#");
        var received = new TaskCompletionSource<BasicDeliverEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            // Other tests publish to the same exchange on the same broker: only this test's event counts.
            using var published = JsonDocument.Parse(delivery.Body);
            if (published.RootElement.GetProperty("id").GetString() != alertEvent.EventId)
            {
                return Task.CompletedTask;
            }

            // The body is only valid during the callback.
            received.TrySetResult(new BasicDeliverEventArgs(delivery.ConsumerTag, delivery.DeliveryTag, delivery.Redelivered,
                delivery.Exchange, delivery.RoutingKey, delivery.BasicProperties, delivery.Body.ToArray()));
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue, autoAck: true, consumer);

        const string traceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        await publisher.PublishAsync(alertEvent, traceParent, CancellationToken.None);

        var delivery = await received.Task.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal("opened.sv.sv-sm.homicide.security_force_relative.high", delivery.RoutingKey);
        Assert.Equal("application/cloudevents+json", delivery.BasicProperties.ContentType);
        Assert.Equal(DeliveryModes.Persistent, delivery.BasicProperties.DeliveryMode);
        var json = JsonDocument.Parse(delivery.Body).RootElement;
        Assert.Equal("org.vigia.alert.opened.v1", json.GetProperty("type").GetString());
        Assert.Equal(alertEvent.EventId, json.GetProperty("id").GetString());
        Assert.Equal(alertEvent, JsonParser.Default.Parse<AlertEvent>(json.GetProperty("data").GetRawText()));
        Assert.Equal(traceParent, json.GetProperty("traceparent").GetString());
        Assert.Equal(traceParent, System.Text.Encoding.UTF8.GetString((byte[])delivery.BasicProperties.Headers!["traceparent"]!));
    }
}
