using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using Vigia.Alerting.Delivery;
using Vigia.Common.V1;
using Vigia.Testing;

namespace Vigia.Alerting.Tests.Delivery;

/// <summary>
/// The README's consumers in Python (pika) and Node.js (amqplib), run as written from examples/alert-consumers
/// against RabbitMQ, print the June 2017 alert as alerting publishes it: a threshold alert, whose expected count
/// is 0, which proto-JSON used to leave out (the Python consumer crashed on the missing key).
/// </summary>
public sealed class ExampleConsumerTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [SkippableTheory]
    [InlineData("python")]
    [InlineData("node")]
    public async Task ExampleConsumer_June2017ThresholdAlertPublished_PrintsTypeIdObservedAndExpected(string language)
    {
        TestServers.RequireRabbitMq();
        var consumer = await ExampleAlertConsumer.FindAsync(language);
        var queue = $"vigia-example-{language}-{Guid.NewGuid():N}";
        var options = Options.Create(new AlertStreamOptions { RabbitMqUri = TestServers.RabbitMqUri });
        await using var publisher = new AlertExchangePublisher(options, NullLogger<AlertExchangePublisher>.Instance);
        await publisher.EnsureConnectedAsync(CancellationToken.None);
        await using var connection = await new ConnectionFactory { Uri = new Uri(TestServers.RabbitMqUri) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        // Declared as the consumer declares it, so the alert waits for the consumer to start.
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
        await channel.QueueBindAsync(queue, AlertStreamOptions.DefaultExchange, "opened.sv.#");
        try
        {
            var alertEvent = AlertCloudEventTests.Opened(new Selector
            {
                CountryCodes = { "SV" },
                IncidentTypes = { IncidentType.Homicide },
                VictimCategories = { VictimCategory.SecurityForceRelative },
            });
            await publisher.PublishAsync(alertEvent, traceParent: null, CancellationToken.None);

            var line = await consumer.LineAboutAsync(alertEvent.AlertId, TestServers.RabbitMqUri, queue, s_timeout);

            Assert.Equal($"org.vigia.alert.opened.v1 {alertEvent.AlertId} 3 0", line);
        }
        finally
        {
            await channel.QueueDeleteAsync(queue);
        }
    }
}
