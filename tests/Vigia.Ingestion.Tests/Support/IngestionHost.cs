using System.Diagnostics;
using System.Globalization;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigia.Contracts.Messages;
using Vigia.Ingestion.Data;
using Vigia.Ingestion.Reports;
using Vigia.ServiceDefaults.Delivery;
using Vigia.ServiceDefaults.Messaging;
using Vigia.Testing;

namespace Vigia.Ingestion.Tests.Support;

/// <summary>Ingestion alone on an <see cref="InMemoryServiceHost"/>, with a consumer that collects what it publishes.</summary>
public static class IngestionHost
{
    public static Task<InMemoryServiceHost> StartAsync(IDictionary<string, string?>? settings = null) =>
        InMemoryServiceHost.StartAsync(
            b => b.AddIngestion(),
            app => app.MapIngestion(),
            b =>
            {
                b.Services.AddSingleton<PublishedReports>();
                b.AddBusConsumers(x => x.AddConsumer<ReportsAcceptedCollector>().Endpoint(e => e.Name = "test-reports-accepted"));
            },
            settings);

    /// <summary>Bulk pacing settings: at most <paramref name="maxUnrecorded"/> reports unrecorded, a batch waiting at most <paramref name="maxWait"/>.</summary>
    public static Dictionary<string, string?> Pacing(int maxUnrecorded, TimeSpan maxWait) => new()
    {
        [$"{BulkPacingOptions.Section}:{nameof(BulkPacingOptions.MaxUnrecorded)}"] = maxUnrecorded.ToString(CultureInfo.InvariantCulture),
        [$"{BulkPacingOptions.Section}:{nameof(BulkPacingOptions.MaxWait)}"] = maxWait.ToString("c"),
    };

    public static async Task<int> CountOutboxMessagesAsync(this InMemoryServiceHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IngestionDbContext>();
        string[] types = [typeof(ReportsAccepted).FullName!, typeof(LiveReportsAccepted).FullName!];
        return await db.Set<OutboxMessage>().CountAsync(m => types.Contains(m.MessageType));
    }

    public static async Task<T> QueryAsync<T>(this InMemoryServiceHost host, Func<IngestionDbContext, Task<T>> query)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<IngestionDbContext>());
    }
}

/// <summary>
/// Every batch of accepted reports the host published on either lane, in arrival order, with the trace it was consumed
/// in and whether it took the live lane (<see cref="LiveReportsAccepted"/>).
/// </summary>
public sealed class PublishedReports
{
    private readonly List<(ReportsAccepted Message, bool Live, ActivityTraceId? TraceId)> _published = [];

    public IReadOnlyList<ReportsAccepted> Messages => Read(p => p.Message);

    public IReadOnlyList<bool> Live => Read(p => p.Live);

    public IReadOnlyList<ActivityTraceId?> TraceIds => Read(p => p.TraceId);

    public void Add(ReportsAccepted message, bool live = false, ActivityTraceId? traceId = null)
    {
        lock (_published)
        {
            _published.Add((message, live, traceId));
        }
    }

    private List<T> Read<T>(Func<(ReportsAccepted Message, bool Live, ActivityTraceId? TraceId), T> part)
    {
        lock (_published)
        {
            return [.. _published.Select(part)];
        }
    }
}

public sealed class ReportsAcceptedCollector(PublishedReports published) : IConsumer<ReportsAccepted>, IConsumer<LiveReportsAccepted>
{
    public Task Consume(ConsumeContext<ReportsAccepted> context)
    {
        published.Add(context.Message, live: false, Activity.Current?.TraceId);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<LiveReportsAccepted> context)
    {
        published.Add(new ReportsAccepted { BatchId = context.Message.BatchId, Reports = context.Message.Reports }, live: true, Activity.Current?.TraceId);
        return Task.CompletedTask;
    }
}
