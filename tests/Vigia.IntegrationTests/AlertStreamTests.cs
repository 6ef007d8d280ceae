using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Google.Protobuf;
using Grpc.Core;
using Vigia.Alerting.V1;
using Vigia.Common.V1;
using Vigia.Ingestion.V1;
using Vigia.IntegrationTests.Support;
using Vigia.Testing;

namespace Vigia.IntegrationTests;

/// <summary>
/// The wave of June 11–12 2017, end to end: reports in at ingestion, one alert out on the gRPC
/// stream and on the vigia.alerts exchange, through the four services as separate processes.
/// </summary>
public sealed class AlertStreamTests(SeparatePlatformFixture fixture) : IClassFixture<SeparatePlatformFixture>
{
    private static readonly TimeSpan s_alertTimeout = TimeSpan.FromSeconds(90);

    /// <summary>How long to keep listening after the first OPENED, so a second one would have arrived.</summary>
    private static readonly TimeSpan s_quietPeriod = TimeSpan.FromSeconds(5);

    [SkippableFact]
    public async Task ThreeRelativeKillingsWithin48Hours_OpenOneAlert_OnGrpcStreamAndRabbitMq()
    {
        TestServers.RequireRabbitMqAndPostgres();
        var platform = await fixture.StartAsync();
        using var clients = new PlatformClients(platform);
        await using var exchange = await AlertExchangeSubscriber.StartAsync(fixture.RabbitMqUri, "opened.sv.#");
        using var stop = new CancellationTokenSource();
        using var subscription = clients.Alerting.SubscribeAlerts(
            new SubscribeAlertsRequest { Selector = new Selector { VictimCategories = { VictimCategory.SecurityForceRelative } } },
            cancellationToken: stop.Token);
        var streamed = Channel.CreateUnbounded<AlertEvent>();
        var reading = ReadAllAsync(subscription.ResponseStream, streamed.Writer, stop.Token);
        await WaitUntilSubscribedAsync(subscription);

        var june11 = new DateOnly(2017, 6, 11);
        Report[] reports =
        [
            SampleReports.Homicide(SampleReports.NewSource("diario"), "2017-06-11-ss-1", june11, "SV-SS", VictimCategory.SecurityForceRelative),
            SampleReports.Homicide(SampleReports.NewSource("prensa"), "nota-8812", june11, "SV-LI", VictimCategory.SecurityForceRelative),
            SampleReports.Homicide(SampleReports.NewSource("boletin"), "pnc-0612-07", june11.AddDays(1), "SV-SM", VictimCategory.SecurityForceRelative),
        ];
        foreach (var report in reports)
        {
            var answer = await clients.Ingestion.SubmitReportAsync(new SubmitReportRequest { Report = report });
            Assert.Equal(ReportStatus.Accepted, answer.Status);
        }

        using var firstOpened = new CancellationTokenSource(s_alertTimeout);
        AlertEvent opened;
        try
        {
            opened = await NextOpenedAsync(streamed.Reader, firstOpened.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"No OPENED AlertEvent on SubscribeAlerts within {s_alertTimeout.TotalSeconds:0} s " +
                        $"({exchange.Messages.Count} message(s) on the queue).\n{platform.DescribeOutput()}");
            return;
        }
        catch (RpcException ex)
        {
            Assert.Fail($"SubscribeAlerts ended with {ex.Status} before an OPENED AlertEvent.\n{platform.DescribeOutput("alerting")}");
            return;
        }

        // A second OPENED for the same wave would follow the first closely; give it the chance to.
        await Task.Delay(s_quietPeriod);
        await stop.CancelAsync();
        await reading;

        var streamedOpened = new List<AlertEvent> { opened };
        while (streamed.Reader.TryRead(out var later))
        {
            if (later.Kind == AlertEventKind.Opened)
            {
                streamedOpened.Add(later);
            }
        }

        Assert.True(streamedOpened.Count == 1,
            $"Expected one OPENED on the stream, got {streamedOpened.Count}: {string.Join(", ", streamedOpened)}");
        var message = Assert.Single(exchange.Messages);
        Assert.StartsWith("opened.sv.", message.RoutingKey, StringComparison.Ordinal);
        Assert.StartsWith("application/cloudevents+json", message.ContentType ?? "(none)", StringComparison.Ordinal);

        using var cloudEvent = JsonDocument.Parse(message.Body);
        var root = cloudEvent.RootElement;
        Assert.Equal("org.vigia.alert.opened.v1", root.GetProperty("type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("id").GetString()), "the CloudEvent has no id");
        Assert.True(root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object,
            $"the CloudEvent carries no `data` object: {Encoding.UTF8.GetString(message.Body)}");
        var published = JsonParser.Default.Parse<AlertEvent>(data.GetRawText());
        Assert.Equal(AlertEventKind.Opened, published.Kind);
        Assert.Equal(opened.AlertId, published.AlertId);
    }

    private static async Task ReadAllAsync(IAsyncStreamReader<SubscribeAlertsResponse> stream, ChannelWriter<AlertEvent> events, CancellationToken ct)
    {
        try
        {
            while (await stream.MoveNext(ct))
            {
                await events.WriteAsync(stream.Current.Event, CancellationToken.None);
            }
        }
        catch (Exception ex) when (ct.IsCancellationRequested && ex is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
        {
            // This test hung up.
        }
        catch (Exception ex)
        {
            // The reader sees why the stream ended.
            events.TryComplete(ex);
        }
        finally
        {
            events.TryComplete();
        }
    }

    /// <summary>
    /// A server stream has begun once its response headers arrive; a server that sends them when it
    /// has registered the subscriber makes this exact. One that sends them with its first event leaves
    /// only the pipeline's own latency (three services, two broker hops) between subscribing and the
    /// first alert, which is ample, so waiting is bounded.
    /// </summary>
    private static async Task WaitUntilSubscribedAsync(AsyncServerStreamingCall<SubscribeAlertsResponse> subscription)
    {
        await Task.WhenAny(subscription.ResponseHeadersAsync, Task.Delay(TimeSpan.FromSeconds(2)));
        if (subscription.ResponseHeadersAsync.IsFaulted)
        {
            await subscription.ResponseHeadersAsync;
        }
    }

    private static async Task<AlertEvent> NextOpenedAsync(ChannelReader<AlertEvent> events, CancellationToken ct)
    {
        await foreach (var alertEvent in events.ReadAllAsync(ct))
        {
            if (alertEvent.Kind == AlertEventKind.Opened)
            {
                return alertEvent;
            }
        }

        throw new InvalidOperationException("SubscribeAlerts ended before any OPENED event.");
    }
}
