using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Vigia.Contracts.Messages;
using Vigia.Registry.V1;
using Vigia.Statistics.Data;
using Vigia.Statistics.Projection;

namespace Vigia.Statistics.Rebuild;

/// <summary>
/// Reconciles statistics with the registry: the projection (latest versions and every known version) is
/// emptied and every change of the registry's <c>WatchIncidents</c> feed, from sequence 0 to its end, is
/// applied through the same <see cref="IncidentProjection"/> the consumer uses, in one transaction, so
/// queries see the old counts until the new ones are complete. Inbox and outbox are left alone: messages
/// still queued apply afterwards as usual, and versions the rebuild already holds change nothing.
/// </summary>
public sealed class ProjectionRebuild(
    StatisticsDbContext db, IncidentProjection projection, RegistryService.RegistryServiceClient registry,
    IOptions<ProjectionRebuildOptions> options, ILogger<ProjectionRebuild> logger)
{
    public async Task RunAsync(CancellationToken ct)
    {
        var settings = options.Value;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // The victims rows go with their incidents and versions (ON DELETE CASCADE).
        var removed = await db.Incidents.ExecuteDeleteAsync(ct);
        await db.KnownVersions.ExecuteDeleteAsync(ct);
        await db.DailyCounts.ExecuteDeleteAsync(ct);
        await db.DailyVictimCounts.ExecuteDeleteAsync(ct);
        logger.LogInformation("Emptied the projection ({Incidents} incidents); reading the registry's change feed from sequence 0", removed);

        long last = 0;
        var applied = 0;
        var batch = new List<IncidentSnapshot>(settings.BatchSize);
        await foreach (var change in ReadFeedAsync(settings, ct))
        {
            batch.Add(change.ToSnapshot());
            last = change.Sequence;
            if (batch.Count == settings.BatchSize)
            {
                applied += await ApplyAsync(batch, ct);
            }
        }

        applied += await ApplyAsync(batch, ct);
        if (applied == 0 && removed > 0)
        {
            // Rolled back: an empty feed beside a projection with incidents is a registry that did not answer in time.
            throw new InvalidOperationException(
                $"The registry's change feed gave no change while the projection held {removed} incidents; nothing was changed. " +
                $"Check Services__registry and the registry's health, or raise {ProjectionRebuildOptions.Section}:FirstChangeTimeout.");
        }

        await transaction.CommitAsync(ct);
        logger.LogInformation("Rebuilt the projection from {Applied} changes up to sequence {Sequence}", applied, last);
    }

    private async Task<int> ApplyAsync(List<IncidentSnapshot> batch, CancellationToken ct)
    {
        var count = batch.Count;
        await projection.ApplyAsync(batch, ct);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        batch.Clear();
        return count;
    }

    /// <summary>The feed's changes until it has been quiet for the quiet period (longer before the first: the registry's first read may be slow).</summary>
    private async IAsyncEnumerable<IncidentChange> ReadFeedAsync(
        ProjectionRebuildOptions settings, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var call = registry.WatchIncidents(new WatchIncidentsRequest { FromSequence = 0 }, cancellationToken: stop.Token);
        var wait = settings.FirstChangeTimeout;
        while (true)
        {
            stop.CancelAfter(wait);
            wait = settings.QuietPeriod;
            bool more;
            try
            {
                more = await call.ResponseStream.MoveNext(stop.Token);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && !ct.IsCancellationRequested)
            {
                yield break;
            }

            if (!more)
            {
                yield break;
            }

            yield return call.ResponseStream.Current.Change;
        }
    }
}
