using System.Collections.Concurrent;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigia.Common.V1;
using Vigia.Contracts.Messages;
using Vigia.ServiceDefaults.Delivery;
using Vigia.ServiceDefaults.Messaging;
using Vigia.Statistics.Data;
using Vigia.Statistics.Tests.Support;
using Vigia.Statistics.V1;
using static Vigia.Statistics.Tests.Support.Snapshots;

namespace Vigia.Statistics.Tests.Consumers;

public sealed class IncidentsChangedConsumerTests : IAsyncLifetime
{
    private StatisticsHost _host = null!;

    public async Task InitializeAsync() => _host = await StatisticsHost.StartAsync(b =>
    {
        b.Services.AddSingleton<CapturedSeriesChanges>();
        b.AddBusConsumers(x => x.AddConsumer<CapturingConsumer>());
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private CapturedSeriesChanges Captured => _host.Host.GetRequiredService<CapturedSeriesChanges>();

    [Fact]
    public async Task Consume_RedeliveredMessageId_CountsOnce()
    {
        var messageId = NewId.NextGuid();
        await _host.PublishAsync(Batch(Homicide("2017-06-09")), messageId);
        await StatisticsHost.EventuallyAsync(async () => (await JuneDaysAsync())[0] == 1, "the first delivery to be counted");

        // Same MessageId, different content: only the inbox (not the version check) can refuse the second.
        await _host.RedeliverAsync(Batch(Homicide("2017-06-10")), messageId);

        var days = await JuneDaysAsync();
        Assert.Equal([1d, 0], days);
    }

    [Fact]
    public async Task Consume_BatchesQueuedBehindAnotherWriter_AppliedInAtMostTwoTransactionsEachMarkedHandled()
    {
        var groupCommit = _host.Host.GetRequiredService<GroupCommit<ConsumeContext<IncidentsChanged>>>();
        var batches = Enumerable.Range(0, 3)
            .Select(b => Batch([.. Enumerable.Range(0, 10).Select(i => Homicide($"2017-06-{1 + (10 * b) + i:00}"))]))
            .ToList();

        // Another writer holds the file: the first batch (or a group of the first few) waits in its transaction, the rest behind it.
        var messageIds = new List<Guid>();
        await using (var scope = _host.Host.Services.CreateAsyncScope())
        {
            var writer = scope.ServiceProvider.GetRequiredService<StatisticsDbContext>();
            await using var held = await writer.Database.BeginTransactionAsync();
            foreach (var batch in batches)
            {
                messageIds.Add(NewId.NextGuid());
                await _host.PublishAsync(batch, messageIds[^1]);
            }

            await StatisticsHost.EventuallyAsync(() => Task.FromResult(groupCommit.Pending == 3), "three batches waiting to be applied");
        }

        await Captured.WaitForAsync(1);
        await StatisticsHost.EventuallyAsync(() => Task.FromResult(Captured.All.Sum(m => m.Changes.Count) == 30), "30 changes announced");
        Assert.InRange(Captured.All.Count, 1, 2);
        Assert.Equal(
            batches.SelectMany(b => b.Incidents).Select(i => i.IncidentId).Order(),
            Captured.All.SelectMany(m => m.Changes).Select(c => c.Current.IncidentId).Order());
        await using var check = _host.Host.Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<StatisticsDbContext>();
        Assert.Equal(3, await db.Set<InboxMessage>().CountAsync(m => messageIds.Contains(m.MessageId)));
        Assert.Equal(0, groupCommit.Pending);
    }

    [Fact]
    public async Task Consume_NewThenAmended_PublishesSeriesChangedWithPreviousAndCurrent()
    {
        var id = Guid.NewGuid();
        var created = Homicide("2017-06-09", admin1: "SV-SS", id: id, version: 1);
        var amended = Homicide("2017-06-11", admin1: "SV-SM", id: id, version: 2, victims: 3, category: VictimCategory.SecurityForceRelative);

        await _host.PublishAsync(Batch(created, Homicide("2017-06-10")));
        var first = await Captured.WaitForAsync(1);
        await _host.PublishAsync(Batch(amended));
        var second = await Captured.WaitForAsync(2);

        Assert.Equal(2, first[0].Changes.Count);
        Assert.All(first[0].Changes, c => Assert.Null(c.Previous));
        var change = Assert.Single(second[1].Changes);
        Assert.Equal(created, change.Previous! with { Victims = created.Victims });
        Assert.Equal(created.Victims, change.Previous.Victims);
        Assert.Equal(amended with { Victims = change.Current.Victims }, change.Current);
        Assert.Equal(amended.Victims, change.Current.Victims);
    }

    [Fact]
    public async Task Consume_OnlyStaleSnapshots_PublishesNothing()
    {
        var id = Guid.NewGuid();
        await _host.PublishAsync(Batch(Homicide("2017-06-11", id: id, version: 2)));
        await Captured.WaitForAsync(1);

        await _host.PublishAsync(Batch(Homicide("2017-06-09", id: id, version: 1), Homicide("2017-06-11", id: id, version: 2)));
        var marker = Homicide("2017-06-12");
        await _host.PublishAsync(Batch(marker));
        var all = await Captured.WaitForAsync(2);

        Assert.Equal(marker.IncidentId, Assert.Single(all[1].Changes).Current.IncidentId);
        Assert.Equal(2, Captured.All.Count);
    }

    private async Task<double[]> JuneDaysAsync()
    {
        var response = await _host.Client.GetTimeSeriesAsync(new GetTimeSeriesRequest
        {
            Measure = Measure.Incidents,
            Granularity = Granularity.Day,
            Period = StatisticsHost.Period("2017-06-09", "2017-06-10"),
        });
        return [.. response.Series.Single().Points.Select(p => p.Value)];
    }

    /// <summary>What alerting would receive.</summary>
    public sealed class CapturingConsumer(CapturedSeriesChanges captured) : IConsumer<SeriesChanged>
    {
        public Task Consume(ConsumeContext<SeriesChanged> context)
        {
            captured.Add(context.Message);
            return Task.CompletedTask;
        }
    }

    public sealed class CapturedSeriesChanges
    {
        private readonly ConcurrentQueue<SeriesChanged> _messages = new();

        public IReadOnlyList<SeriesChanged> All => [.. _messages];

        public void Add(SeriesChanged message) => _messages.Enqueue(message);

        public async Task<IReadOnlyList<SeriesChanged>> WaitForAsync(int count)
        {
            await StatisticsHost.EventuallyAsync(() => Task.FromResult(_messages.Count >= count), $"{count} SeriesChanged message(s)");
            return All;
        }
    }
}
