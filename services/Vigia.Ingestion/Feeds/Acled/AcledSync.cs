using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Vigia.Ingestion.Data;
using Vigia.Ingestion.Reports;
using Vigia.Ingestion.V1;

namespace Vigia.Ingestion.Feeds.Acled;

/// <summary>
/// One pass of the ACLED feed: for each country, every event added or changed at or after the checkpoint, page by page,
/// submitted as reports through <see cref="ReportIntake"/>; then the checkpoint moves to the newest timestamp read. ACLED's
/// timestamp filter includes the checkpoint's own second, so its events come again and are answered DUPLICATE: nothing is
/// missed and nothing counted twice. An event ACLED changed comes back under its id with new content and is answered
/// CORRECTED: the incident it fed follows. Then every deletion at or after the deletion checkpoint, page by page, is
/// withdrawn (<see cref="ReportIntake.WithdrawAsync"/>): the incidents those events fed stop counting them. A pass that
/// fails keeps the old checkpoints and is repeated whole.
/// </summary>
public sealed class AcledSync(IAcledApi api, ReportIntake intake, IngestionDbContext db, IOptions<AcledFeedOptions> options, TimeProvider time)
{
    public const string FeedName = "acled";

    /// <summary>Runs one pass; returns how many events it read.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var settings = options.Value;
        var checkpoint = await db.Set<FeedCheckpoint>().AsNoTracking().SingleOrDefaultAsync(c => c.Feed == FeedName, ct);
        var since = checkpoint?.ChangesSince ?? 0;
        var deletedSince = checkpoint?.DeletionsSince ?? 0;
        var newest = since;
        var newestDeletion = deletedSince;
        var read = 0;
        string? error = null;
        try
        {
            foreach (var country in settings.CountryList)
            {
                for (var page = 1; ; page++)
                {
                    var events = await api.ReadEventsAsync(country, since, page, settings.PageSize, ct);
                    read += events.Data.Count;
                    newest = Math.Max(newest, events.Data.Select(e => long.TryParse(e.Timestamp, out var t) ? t : 0).DefaultIfEmpty(0).Max());
                    await intake.SubmitBatchAsync([.. events.Data.Select(AcledEventMapping.ToReport).OfType<Report>()], ct);
                    if (events.Data.Count < settings.PageSize)
                    {
                        break;
                    }
                }
            }

            newestDeletion = await ApplyDeletionsAsync(deletedSince, ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            error = e.Message;
            throw;
        }
        finally
        {
            await SaveCheckpointAsync(error is null ? (newest, newestDeletion) : (since, deletedSince), read, error);
        }

        return read;
    }

    /// <summary>Withdraws every event deleted at or after <paramref name="since"/>; returns the newest deletion timestamp read.</summary>
    private async Task<long> ApplyDeletionsAsync(long since, CancellationToken ct)
    {
        var pageSize = options.Value.PageSize;
        var newest = since;
        for (var page = 1; ; page++)
        {
            var deletions = await api.ReadDeletionsAsync(since, page, pageSize, ct);
            newest = Math.Max(newest, deletions.Data.Select(d => long.TryParse(d.DeletedTimestamp, out var t) ? t : 0).DefaultIfEmpty(0).Max());
            await intake.WithdrawAsync(AcledEventMapping.Source, [.. deletions.Data.Select(d => d.EventIdCnty)], $"deleted by source {AcledEventMapping.Source}", ct);
            if (deletions.Data.Count < pageSize)
            {
                return newest;
            }
        }
    }

    private async Task SaveCheckpointAsync((long Changes, long Deletions) since, int read, string? error)
    {
        // The intake saved its own work; only the checkpoint is written here.
        db.ChangeTracker.Clear();
        var checkpoint = await db.Set<FeedCheckpoint>().SingleOrDefaultAsync(c => c.Feed == FeedName, CancellationToken.None);
        if (checkpoint is null)
        {
            checkpoint = new FeedCheckpoint { Feed = FeedName };
            db.Add(checkpoint);
        }

        checkpoint.ChangesSince = since.Changes;
        checkpoint.DeletionsSince = since.Deletions;
        checkpoint.LastRunAt = time.GetUtcNow().UtcDateTime;
        checkpoint.LastRunRecords = read;
        checkpoint.LastError = error is { Length: > FeedCheckpoint.MaxErrorLength } ? error[..FeedCheckpoint.MaxErrorLength] : error;
        await db.SaveChangesAsync(CancellationToken.None);
    }
}
