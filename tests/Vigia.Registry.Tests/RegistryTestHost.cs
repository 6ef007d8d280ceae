using System.Collections.Concurrent;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigia.Contracts.Messages;
using Vigia.Registry.Consumers;
using Vigia.Registry.Data;
using Vigia.Registry.V1;
using Vigia.ServiceDefaults.Delivery;
using Vigia.ServiceDefaults.Messaging;
using Vigia.Testing;

namespace Vigia.Registry.Tests;

/// <summary>The registry in memory (in-memory bus, SQLite unless settings say PostgreSQL), with what it publishes captured.</summary>
internal sealed class RegistryTestHost : IAsyncDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);

    private readonly InMemoryServiceHost _host;
    private readonly List<IDisposable> _channels = [];

    private RegistryTestHost(InMemoryServiceHost host)
    {
        _host = host;
        Client = new RegistryService.RegistryServiceClient(host.Channel);
    }

    public RegistryService.RegistryServiceClient Client { get; }
    /// <summary>A client whose token (every scope) names <paramref name="subject"/>, and the client it used when given.</summary>
    public RegistryService.RegistryServiceClient ClientActingAs(string subject, string? clientId = null)
    {
        var channel = _host.CreateChannel(TestTokens.Issue(ServiceDefaults.Auth.Scopes.All, subject, clientId: clientId));
        _channels.Add(channel);
        return new RegistryService.RegistryServiceClient(channel);
    }

    public T GetRequiredService<T>()
        where T : notnull => _host.GetRequiredService<T>();

    public CapturedMessages Published => _host.GetRequiredService<CapturedMessages>();

    /// <summary>A plain HTTP client to the host, for the RPCs that also answer HTTP/JSON.</summary>
    public HttpClient CreateHttpClient() => _host.CreateHttpClient();

    /// <param name="configure">More registrations, e.g. a test's own consumers.</param>
    public static async Task<RegistryTestHost> StartAsync(IDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null) =>
        new(await InMemoryServiceHost.StartAsync(
            b => b.AddRegistry(),
            app => app.MapRegistry(),
            b =>
            {
                configure?.Invoke(b);
                b.Services.AddSingleton<CapturedMessages>();
                b.AddBusConsumers(x =>
                {
                    x.AddConsumer<IncidentsChangedCapture>();
                    x.AddConsumer<ReportsRecordedCapture>();
                });
            },
            settings));

    /// <summary>Publishes the batch as ingestion would and waits until the registry has handled that message.</summary>
    public async Task RecordAsync(ReportsAccepted batch, Guid? messageId = null)
    {
        var id = await PublishAsync(batch, messageId);
        await WaitUntilAsync(db => db.Set<InboxMessage>().AnyAsync(m => m.MessageId == id && m.Consumer == ReportsAcceptedConsumer.Name));
    }

    /// <summary>Publishes the batch on the live lane, as ingestion does a few reports, and waits until the registry has handled it.</summary>
    public async Task RecordLiveAsync(LiveReportsAccepted batch)
    {
        var id = await PublishAsync(batch);
        await WaitUntilAsync(db => db.Set<InboxMessage>().AnyAsync(m => m.MessageId == id && m.Consumer == LiveReportsAcceptedConsumer.Name));
    }

    /// <summary>Publishes the withdrawals as ingestion would and waits until the registry has handled that message.</summary>
    public async Task WithdrawAsync(ReportsWithdrawn batch)
    {
        var id = NewId.NextGuid();
        await _host.GetRequiredService<IBus>().Publish(batch, c => c.MessageId = id);
        await WaitUntilAsync(db => db.Set<InboxMessage>().AnyAsync(m => m.MessageId == id && m.Consumer == ReportsWithdrawnConsumer.Name));
    }

    /// <summary>
    /// Publishes the batch again under <paramref name="messageId"/>, already handled, and waits until the bulk lane has
    /// consumed it (its inbox step found it handled): the lane takes several messages at once, so a message published
    /// after it is no sign that it is done.
    /// </summary>
    public async Task RedeliverAsync(ReportsAccepted batch, Guid messageId)
    {
        var bus = _host.GetRequiredService<IBus>();
        var consumed = new ConsumedOnce<ReportsAccepted>(messageId);
        using var observing = bus.ConnectConsumeMessageObserver(consumed);
        await PublishAsync(batch, messageId);
        await consumed.Task.WaitAsync(s_timeout);
    }

    public async Task<Guid> PublishAsync(ReportsAccepted batch, Guid? messageId = null)
    {
        var id = messageId ?? NewId.NextGuid();
        await _host.GetRequiredService<IBus>().Publish(batch, c => c.MessageId = id);
        return id;
    }

    public async Task<Guid> PublishAsync(LiveReportsAccepted batch)
    {
        var id = NewId.NextGuid();
        await _host.GetRequiredService<IBus>().Publish(batch, c => c.MessageId = id);
        return id;
    }

    public async Task<T> QueryAsync<T>(Func<RegistryDbContext, Task<T>> query)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<RegistryDbContext>());
    }

    /// <summary>A registry writer's transaction on <paramref name="places"/>, held until disposed: a replica part-way through a batch.</summary>
    public async Task<IAsyncDisposable> HoldPlacesAsync(params (string Country, string? Admin1)[] places)
    {
        var scope = _host.Services.CreateAsyncScope();
        var transaction = await scope.ServiceProvider.GetRequiredService<RegistryDbContext>().BeginPlaceWriteAsync(places, CancellationToken.None);
        return new HeldWrite(scope, transaction);
    }

    /// <summary>Until a writer on this database waits for a place another transaction holds (PostgreSQL only).</summary>
    public Task UntilAWriterWaitsForAPlaceAsync() =>
        WaitUntilAsync(async db => await db.Database.SqlQuery<long>(
            $"SELECT count(*) AS \"Value\" FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())").SingleAsync() > 0);

    public Task<int> OutboxCountAsync<TMessage>() =>
        QueryAsync(db => db.Set<OutboxMessage>().CountAsync(m => m.MessageType == typeof(TMessage).FullName));

    public async Task WaitUntilAsync(Func<RegistryDbContext, Task<bool>> condition) =>
        await Eventually(async () => await QueryAsync(condition));

    public static async Task Eventually(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        while (!await condition())
        {
            await Task.Delay(25, timeout.Token);
        }
    }

    public ValueTask DisposeAsync()
    {
        _channels.ForEach(c => c.Dispose());
        return _host.DisposeAsync();
    }
}

internal sealed class HeldWrite(AsyncServiceScope scope, IAsyncDisposable transaction) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await scope.DisposeAsync();
    }
}

internal sealed class CapturedMessages
{
    public ConcurrentQueue<IncidentsChanged> IncidentsChanged { get; } = new();
    public ConcurrentQueue<ReportsRecorded> ReportsRecorded { get; } = new();
}

internal sealed class IncidentsChangedCapture(CapturedMessages captured) : IConsumer<IncidentsChanged>
{
    public Task Consume(ConsumeContext<IncidentsChanged> context)
    {
        captured.IncidentsChanged.Enqueue(context.Message);
        return Task.CompletedTask;
    }
}

internal sealed class ReportsRecordedCapture(CapturedMessages captured) : IConsumer<ReportsRecorded>
{
    public Task Consume(ConsumeContext<ReportsRecorded> context)
    {
        captured.ReportsRecorded.Enqueue(context.Message);
        return Task.CompletedTask;
    }
}
