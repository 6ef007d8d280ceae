using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Vigia.Contracts.Messages;
using Vigia.Registry.Data;
using Vigia.ServiceDefaults.Delivery;
using Vigia.Testing;

namespace Vigia.Registry.Tests.Delivery;

/// <summary>The outbox relay on the embedded default's in-memory bus and SQLite, and two relays sharing one PostgreSQL schema.</summary>
public class OutboxRelayTests
{
    [Fact]
    public async Task Relay_UnpublishableRows_AreSetAsideAndLaterRowsFlow()
    {
        var behaviour = new ProbeBehaviour();
        behaviour.Gate.SetResult();
        await using var host = await RegistryTestHost.StartAsync(
            new Dictionary<string, string?> { ["Vigia:Delivery:MaxMessageBytes"] = "2000" }, ProbeBehaviour.AddTo(behaviour));
        var probeType = OutboxMessageTypes.NameOf(typeof(DeliveryProbe));
        var recordedType = OutboxMessageTypes.NameOf(typeof(ReportsRecorded));

        await host.QueryAsync(async db =>
        {
            db.Set<OutboxMessage>().AddRange(
                Row("Vigia.Contracts.Messages.NoSuchMessage", "{}"),
                Row(probeType, "{ not json"),
                Row(probeType, $$"""{"id":4,"padding":"{{new string('x', 3000)}}"}"""),
                // Protobuf rows: a payload that is not the type's, a type without a protobuf body, a payload too large.
                Row(recordedType, "", payload: [0xff, 0xff, 0xff]),
                Row(probeType, "", payload: [0x08, 0x04]),
                Row(recordedType, "", payload: new byte[3000]));
            db.AddOutboxMessage(new DeliveryProbe { Id = 5 });
            return await db.SaveChangesAsync();
        });
        await RegistryTestHost.Eventually(() => Task.FromResult(behaviour.Handled.Contains(5)));

        var rows = await host.QueryAsync(db => db.Set<OutboxMessage>().AsNoTracking().OrderBy(m => m.Sequence).ToListAsync());
        Assert.Equal(7, rows.Count);
        Assert.All(rows[..6], row =>
        {
            Assert.NotNull(row.SetAsideAt);
            Assert.Null(row.SentAt);
        });
        Assert.Contains("which this service does not publish", rows[0].SetAsideReason);
        Assert.Contains("does not read as DeliveryProbe", rows[1].SetAsideReason);
        Assert.Contains("MaxMessageBytes", rows[2].SetAsideReason);
        Assert.Contains("does not read as ReportsRecorded", rows[3].SetAsideReason);
        Assert.Contains("has no protobuf bus body", rows[4].SetAsideReason);
        Assert.Contains("3000 bytes, more than", rows[5].SetAsideReason);
        await host.WaitUntilAsync(db => db.Set<OutboxMessage>().AnyAsync(m => m.Sequence == rows[6].Sequence && m.SentAt != null));
        Assert.Equal([5], behaviour.Handled);
    }

    [Fact]
    public async Task Relay_InMemoryBus_MarksRowSentOnlyOnceItsConsumerCommitted()
    {
        var behaviour = new ProbeBehaviour();
        await using var host = await RegistryTestHost.StartAsync(configure: ProbeBehaviour.AddTo(behaviour));

        await host.QueryAsync(db =>
        {
            db.AddOutboxMessage(new DeliveryProbe { Id = 6 });
            return db.SaveChangesAsync();
        });
        await RegistryTestHost.Eventually(() => Task.FromResult(behaviour.Attempts == 1));
        // The consumer holds the message: a second and more of relay passes (commit hand-over, 1 s poll) go by.
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var whileConsuming = await host.QueryAsync(db => db.Set<OutboxMessage>().SingleAsync(m => m.MessageType == OutboxMessageTypes.NameOf(typeof(DeliveryProbe))));
        behaviour.Gate.SetResult();
        await host.WaitUntilAsync(db => db.Set<OutboxMessage>().AnyAsync(m => m.Sequence == whileConsuming.Sequence && m.SentAt != null));
        var sent = await host.QueryAsync(db => db.Set<OutboxMessage>().SingleAsync(m => m.Sequence == whileConsuming.Sequence));

        // Nothing is written to the row until its consumer has committed; then the attempt and the sending together.
        Assert.Null(whileConsuming.SentAt);
        Assert.Equal(0, whileConsuming.Attempts);
        Assert.Null(whileConsuming.SetAsideAt);
        Assert.Equal(1, sent.Attempts);
        Assert.Equal([6], behaviour.Handled);
        Assert.Equal(1, behaviour.Attempts);
    }

    /// <summary>
    /// On the in-memory bus a message wakes the relay three times (the committer's hand-over, the loop woken by the same
    /// commit, its consumer's confirmation); only the first reads the outbox. Ten messages committed one after another,
    /// each once the one before was marked sent: one read each, and the poll's once a second, not two or three each.
    /// </summary>
    [Fact]
    public async Task Relay_InMemoryBus_ReadsTheOutboxOncePerCommitNotOncePerWake()
    {
        var behaviour = new ProbeBehaviour();
        behaviour.Gate.SetResult();
        await using var host = await RegistryTestHost.StartAsync(configure: ProbeBehaviour.AddTo(behaviour));
        var database = await host.QueryAsync(db => Task.FromResult(db.Database.GetDbConnection().DataSource));
        using var reads = new OutboxReads(database);
        const int messages = 10;

        var started = Stopwatch.StartNew();
        for (var id = 1; id <= messages; id++)
        {
            var messageId = await host.QueryAsync(async db =>
            {
                var messageId = db.AddOutboxMessage(new DeliveryProbe { Id = id });
                await db.SaveChangesAsync();
                return messageId;
            });
            await host.WaitUntilAsync(db => db.Set<OutboxMessage>().AnyAsync(m => m.MessageId == messageId && m.SentAt != null));
        }

        var elapsed = started.Elapsed;
        Assert.Equal(Enumerable.Range(1, messages), behaviour.Handled);
        // One read per commit, one per poll interval begun, and one of slack for a poll at the edge.
        var allowed = messages + (int)Math.Ceiling(elapsed.TotalSeconds / SequenceLoop.DefaultPollInterval.TotalSeconds) + 1;
        Assert.True(reads.Count <= allowed, $"{reads.Count} reads of the outbox for {messages} messages in {elapsed.TotalSeconds:F1} s (at most {allowed})");
    }

    /// <summary>A row no tracked commit here added (another process wrote it, or SQL) is still read, at the next poll.</summary>
    [Fact]
    public async Task Relay_InMemoryBus_RowWrittenOutsideTheChangeTracker_IsPublishedAtThePoll()
    {
        var behaviour = new ProbeBehaviour();
        behaviour.Gate.SetResult();
        await using var host = await RegistryTestHost.StartAsync(configure: ProbeBehaviour.AddTo(behaviour));
        await host.QueryAsync(async db =>
        {
            db.AddOutboxMessage(new DeliveryProbe { Id = 1 });
            return await db.SaveChangesAsync();
        });
        await RegistryTestHost.Eventually(() => Task.FromResult(behaviour.Handled.Contains(1)));

        var probeType = OutboxMessageTypes.NameOf(typeof(DeliveryProbe));
        await host.QueryAsync(db => db.Database.ExecuteSqlAsync(
            $"INSERT INTO outbox_messages (\"MessageId\", \"MessageType\", \"Body\", \"CreatedAt\", \"Attempts\") VALUES ({Guid.NewGuid().ToString().ToUpperInvariant()}, {probeType}, {"{\"id\":2}"}, {DateTime.UtcNow}, 0)"));

        await RegistryTestHost.Eventually(() => Task.FromResult(behaviour.Handled.Contains(2)));
        Assert.Equal([1, 2], behaviour.Handled);
    }

    /// <summary>
    /// On a broker a pass's rows are published without waiting for each confirmation: rows the broker returns (no queue
    /// is bound for their type yet) stay pending and are retried, and the rows beside them, also those behind more
    /// returned rows than the relay publishes at once, are delivered and marked sent instead of waiting behind them.
    /// </summary>
    [SkippableFact]
    public async Task Relay_OnRabbitMq_AReturnedRowHoldsBackNoneOfTheRowsBesideIt()
    {
        TestServers.RequireRabbitMq();
        await using var virtualHost = await RabbitMqControl.OwnVirtualHostAsync("relay-returned");
        var behaviour = new ProbeBehaviour();
        behaviour.Gate.SetResult();
        await using var host = await RegistryTestHost.StartAsync(
            new Dictionary<string, string?> { ["ConnectionStrings:rabbitmq"] = virtualHost.Uri },
            b =>
            {
                ProbeBehaviour.AddTo(behaviour)(b);
                b.PublishesThroughOutbox<UnconsumedProbe>();
            });

        // More returned rows than the relay publishes before awaiting their confirmations, between probes.
        var probes = Enumerable.Range(1, 20).ToList();
        await host.QueryAsync(db =>
        {
            db.AddOutboxMessage(new DeliveryProbe { Id = probes[0] });
            Enumerable.Range(1, 20).ToList().ForEach(id => db.AddOutboxMessage(new UnconsumedProbe { Id = id }));
            probes.Skip(1).ToList().ForEach(id => db.AddOutboxMessage(new DeliveryProbe { Id = id }));
            return db.SaveChangesAsync();
        });
        await RegistryTestHost.Eventually(() => Task.FromResult(behaviour.Handled.Count == probes.Count));
        var probeType = OutboxMessageTypes.NameOf(typeof(DeliveryProbe));
        await host.WaitUntilAsync(async db => await db.Set<OutboxMessage>().CountAsync(m => m.MessageType == probeType && m.SentAt != null) == probes.Count);
        var returned = await host.QueryAsync(db => db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.MessageType == OutboxMessageTypes.NameOf(typeof(UnconsumedProbe))).ToListAsync());

        Assert.Equal(probes, behaviour.Handled.Order());
        Assert.Equal(20, returned.Count);
        Assert.All(returned, row =>
        {
            Assert.Null(row.SentAt);
            Assert.Null(row.SetAsideAt);
            Assert.True(row.Attempts >= 1, $"returned row {row.Sequence} was attempted {row.Attempts} times");
            Assert.False(string.IsNullOrEmpty(row.LastError));
        });
    }

    [SkippableFact]
    public async Task Relay_SecondReplicaOnPostgres_PublishesNothingUntilTheFirstIsGone()
    {
        TestServers.RequirePostgres();
        var postgres = new Dictionary<string, string?> { ["ConnectionStrings:postgres"] = await TestServers.CreateDatabaseAsync("relay_lease") };
        var first = await RegistryTestHost.StartAsync(postgres);
        // The first replica's relay has published, so it holds the lease before the second starts (on a busy machine the
        // second's relay could otherwise take it first).
        await WriteIncidentsChangedAsync(first, 1);
        await RegistryTestHost.Eventually(() => Task.FromResult(first.Published.IncidentsChanged.Count == 1));
        await using var second = await RegistryTestHost.StartAsync(postgres);
        try
        {
            // Written through the second replica, whose commit wakes its own relay at once: only the lease keeps it quiet.
            await WriteIncidentsChangedAsync(second, 20);
            await RegistryTestHost.Eventually(() => Task.FromResult(first.Published.IncidentsChanged.Count == 21));
            await second.WaitUntilAsync(db => db.Set<OutboxMessage>().AllAsync(m => m.SentAt != null));
            Assert.Empty(second.Published.IncidentsChanged);
        }
        finally
        {
            await first.DisposeAsync();
        }

        // The first replica is gone and its lease with it: the second takes over.
        await WriteIncidentsChangedAsync(second, 5);
        await RegistryTestHost.Eventually(() => Task.FromResult(second.Published.IncidentsChanged.Count == 5));
        await second.WaitUntilAsync(db => db.Set<OutboxMessage>().AllAsync(m => m.SentAt != null));
        Assert.Equal(5, second.Published.IncidentsChanged.Count);
    }

    [SkippableFact]
    public async Task RelayLease_OnPostgres_IsHeldByOneAtATimeAndFreedWithItsConnection()
    {
        TestServers.RequirePostgres();
        await using var db = await LeaseDatabaseAsync("relay_lease");
        var first = RelayLease.For(db, "outbox:test", NullLogger.Instance);
        await using var second = RelayLease.For(db, "outbox:test", NullLogger.Instance);
        await using var other = RelayLease.For(db, "outbox:other", NullLogger.Instance);

        var firstTakes = await first.HoldAsync(CancellationToken.None);
        var firstKeeps = await first.HoldAsync(CancellationToken.None);
        var secondWhileHeld = await second.HoldAsync(CancellationToken.None);
        var otherName = await other.HoldAsync(CancellationToken.None);
        await first.DisposeAsync();
        var secondAfterwards = await second.HoldAsync(CancellationToken.None);

        Assert.Equal((true, true, false, true, true), (firstTakes, firstKeeps, secondWhileHeld, otherName, secondAfterwards));
    }

    /// <summary>
    /// A held lease is trusted for <see cref="RelayLease.ConfirmInterval"/> without a round trip; once that has passed, a
    /// lease whose connection the server ended (and so released) is found lost, and here another holder has taken it.
    /// </summary>
    [SkippableFact]
    public async Task RelayLease_OnPostgres_FindsItsEndedConnectionOnceTheIntervalHasPassed()
    {
        TestServers.RequirePostgres();
        await using var db = await LeaseDatabaseAsync("relay_lease_lost");
        var time = new FakeTimeProvider();
        var name = $"outbox:lost-{Guid.NewGuid():N}";
        await using var first = RelayLease.For(db, name, NullLogger.Instance, time);
        await using var second = RelayLease.For(db, name, NullLogger.Instance);
        Assert.True(await first.HoldAsync(CancellationToken.None));

        await db.Database.ExecuteSqlAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = {"vigia lease " + name}");
        // The server frees the lock as the ended backend exits.
        await RegistryTestHost.Eventually(() => second.HoldAsync(CancellationToken.None));

        time.Advance(RelayLease.ConfirmInterval);
        Assert.False(await first.HoldAsync(CancellationToken.None), "the first lease still claimed to hold after its connection ended and the interval passed");
    }

    /// <summary>A registry context on a fresh PostgreSQL database, for leases taken outside a host.</summary>
    private static async Task<RegistryDbContext> LeaseDatabaseAsync(string name) =>
        new(new DbContextOptionsBuilder<RegistryDbContext>().UseNpgsql(await TestServers.CreateDatabaseAsync(name)).Options);

    private static OutboxMessage Row(string type, string body, byte[]? payload = null) => new()
    {
        MessageId = Guid.NewGuid(),
        MessageType = type,
        Body = body,
        Payload = payload,
        CreatedAt = DateTime.UtcNow,
    };

    private static Task<int> WriteIncidentsChangedAsync(RegistryTestHost host, int count) => host.QueryAsync(db =>
    {
        for (var i = 0; i < count; i++)
        {
            db.AddOutboxMessage(new IncidentsChanged { BatchId = Guid.NewGuid(), Incidents = [] });
        }

        return db.SaveChangesAsync();
    });
}

/// <summary>Counts the statements that look for pending rows in the outbox of one SQLite database, as EF Core reports them executed.</summary>
internal sealed class OutboxReads : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly string _database;
    private readonly IDisposable _listeners;
    private readonly List<IDisposable> _subscriptions = [];
    private int _count;

    public OutboxReads(string database)
    {
        _database = database;
        _listeners = DiagnosticListener.AllListeners.Subscribe(this);
    }

    public int Count => Volatile.Read(ref _count);

    public void OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name)
        {
            lock (_subscriptions)
            {
                _subscriptions.Add(listener.Subscribe(this));
            }
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key == RelationalEventId.CommandExecuted.Name && value.Value is CommandExecutedEventData executed
            && executed.Command.Connection?.DataSource == _database
            && executed.Command.CommandText.Contains("FROM \"outbox_messages\"", StringComparison.Ordinal)
            && executed.Command.CommandText.Contains("\"SentAt\" IS NULL", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _count);
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        _listeners.Dispose();
        lock (_subscriptions)
        {
            _subscriptions.ForEach(s => s.Dispose());
        }
    }
}
