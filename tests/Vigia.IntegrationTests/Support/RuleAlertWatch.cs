using System.Text.Json;
using Google.Protobuf;
using Grpc.Net.Client;
using Vigia.Alerting.V1;
using Vigia.Testing;

namespace Vigia.IntegrationTests.Support;

/// <summary>
/// One rule's alert events as teams receive them, both ways at once: SubscribeAlerts filtered on the rule's labels, and a
/// plain RabbitMQ queue bound to every routing key of <c>vigia.alerts</c>, from whose CloudEvents the rule's are picked out.
/// </summary>
public sealed class RuleAlertWatch : IAsyncDisposable
{
    private readonly string _ruleId;
    private readonly GrpcChannel _channel;
    private readonly ResumingAlertSubscriber _stream;
    private readonly AlertExchangeSubscriber _exchange;

    private RuleAlertWatch(string ruleId, GrpcChannel channel, ResumingAlertSubscriber stream, AlertExchangeSubscriber exchange)
    {
        _ruleId = ruleId;
        _channel = channel;
        _stream = stream;
        _exchange = exchange;
    }

    /// <summary>The rule's events on SubscribeAlerts, in the order received.</summary>
    public IReadOnlyList<AlertEvent> OnStream => [.. _stream.Events.Where(e => e.RuleId == _ruleId)];

    /// <summary>The rule's events on the exchange: each CloudEvent's <c>data</c> read as the AlertEvent proto-JSON it is.</summary>
    public IReadOnlyList<AlertEvent> OnExchange => [.. _exchange.Messages.Select(ToAlertEvent).Where(e => e.RuleId == _ruleId)];

    /// <summary>Subscribes both ways (the rule must have labels, which the stream filters on) and returns once both are listening.</summary>
    /// <param name="bearerToken">What the stream's calls carry, the platform's own token when null.</param>
    public static async Task<RuleAlertWatch> StartAsync(PlatformProcesses platform, string rabbitMqUri, Rule rule, string? bearerToken = null)
    {
        if (rule.Labels.Count == 0)
        {
            throw new ArgumentException("The watch subscribes by the rule's labels; give it some.", nameof(rule));
        }

        var exchange = await AlertExchangeSubscriber.StartAsync(rabbitMqUri, "#");
        var channel = platform.CreateChannel(platform.Alerting, bearerToken ?? platform.BearerToken);
        var stream = await ResumingAlertSubscriber.StartAsync(channel, new SubscribeAlertsRequest { Labels = { rule.Labels } });
        return new RuleAlertWatch(rule.RuleId, channel, stream, exchange);
    }

    /// <summary>
    /// Waits until an event of the rule that <paramref name="isIt"/> accepts has arrived on the stream and the same event
    /// (by event id) on the exchange; returns it as streamed.
    /// </summary>
    public async Task<AlertEvent> WaitForAsync(string what, Func<AlertEvent, bool> isIt, TimeSpan timeout, Func<string> diagnostics)
    {
        var (streamed, _) = await Eventually.ReachedAsync(
            $"{what} on SubscribeAlerts and on {AlertExchangeSubscriber.Exchange}",
            () => Task.FromResult((Stream: OnStream, Exchange: OnExchange)),
            seen => seen.Stream.Any(isIt) && seen.Exchange.Any(e => e.EventId == seen.Stream.First(isIt).EventId),
            timeout,
            seen => $"on the stream [{Describe(seen.Stream)}], on the exchange [{Describe(seen.Exchange)}]",
            diagnostics);
        return streamed.First(isIt);
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        await _exchange.DisposeAsync();
        _channel.Dispose();
    }

    private static AlertEvent ToAlertEvent(ReceivedAlertMessage message)
    {
        using var cloudEvent = JsonDocument.Parse(message.Body);
        return JsonParser.Default.Parse<AlertEvent>(cloudEvent.RootElement.GetProperty("data").GetRawText());
    }

    private static string Describe(IEnumerable<AlertEvent> events) => string.Join("; ", events.Select(e =>
        $"{e.Kind} {e.AlertId} {(e.Window is null ? "" : $"{Dates.From(e.Window.StartDate):yyyy-MM-dd}..{Dates.From(e.Window.EndDate):yyyy-MM-dd}")}" +
        $" observed {e.Observed} expected {e.Expected:0.0} {e.Resolution} provisional {e.Provisional} delay {e.ReportingDelayDays}"));
}
