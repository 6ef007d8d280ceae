using System.Diagnostics;
using Google.Type;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Vigia.Common.V1;
using Vigia.Contracts.Messages;
using Vigia.Statistics.V1;
using Vigia.Testing;

namespace Vigia.Statistics.Tests.Support;

/// <summary>The statistics service in memory (in-memory bus, SQLite), with its generated client.</summary>
public sealed class StatisticsHost : IAsyncDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    private StatisticsHost(InMemoryServiceHost host)
    {
        Host = host;
        Client = new StatisticsService.StatisticsServiceClient(host.Channel);
    }

    public InMemoryServiceHost Host { get; }
    public StatisticsService.StatisticsServiceClient Client { get; }

    public static async Task<StatisticsHost> StartAsync(
        Action<WebApplicationBuilder>? configure = null, IDictionary<string, string?>? settings = null) =>
        new(await InMemoryServiceHost.StartAsync(b => b.AddStatistics(), app => app.MapStatistics(), configure, settings));

    /// <summary>Publishes a batch on the bus, as the registry's outbox relay would.</summary>
    public Task PublishAsync(IncidentsChanged batch, Guid? messageId = null) =>
        Host.GetRequiredService<IBus>().Publish(batch, c => c.MessageId = messageId ?? NewId.NextGuid());

    /// <summary>Publishes the batch again under <paramref name="messageId"/> and waits until the endpoint has consumed it.</summary>
    public async Task RedeliverAsync(IncidentsChanged batch, Guid messageId)
    {
        var consumed = new ConsumedOnce<IncidentsChanged>(messageId);
        using var observing = Host.GetRequiredService<IBus>().ConnectConsumeMessageObserver(consumed);
        await PublishAsync(batch, messageId);
        await consumed.Task.WaitAsync(s_timeout);
    }

    /// <summary>Publishes the batches, then waits until every incident in them is counted.</summary>
    public async Task PublishAndWaitAsync(params IncidentsChanged[] batches)
    {
        foreach (var batch in batches)
        {
            await PublishAsync(batch);
        }

        var expected = batches.SelectMany(b => b.Incidents).Where(i => !i.Retracted).ToList();
        if (expected.Count == 0)
        {
            return;
        }

        var start = expected.Min(i => i.OccurredOn);
        var end = expected.Max(i => i.OccurredOn);
        var baseline = expected.Count;
        await EventuallyAsync(async () =>
        {
            var response = await Client.GetTimeSeriesAsync(new GetTimeSeriesRequest
            {
                Measure = Measure.Incidents,
                Granularity = Granularity.Year,
                Period = Period(start, end),
            });
            return response.Series.Sum(s => s.Points.Sum(p => p.Value)) >= baseline;
        }, $"{baseline} published incidents to be counted");
    }

    /// <summary>Polls until the condition holds; fails with what it waited for after a timeout.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > s_timeout)
            {
                Assert.Fail($"Timed out after {s_timeout.TotalSeconds}s waiting for {what}.");
            }

            await Task.Delay(25);
        }
    }

    public static Vigia.Common.V1.Period Period(string start, string end) =>
        Period(DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture));

    public static Vigia.Common.V1.Period Period(DateOnly start, DateOnly end) => new()
    {
        StartDate = new Date { Year = start.Year, Month = start.Month, Day = start.Day },
        EndDate = new Date { Year = end.Year, Month = end.Month, Day = end.Day },
    };

    public static DateOnly ToDateOnly(Date date) => new(date.Year, date.Month, date.Day);

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
