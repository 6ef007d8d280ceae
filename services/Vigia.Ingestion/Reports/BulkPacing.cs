using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Vigia.Contracts.Messages;
using Vigia.Ingestion.Data;

namespace Vigia.Ingestion.Reports;

/// <summary>
/// Backpressure on bulk submissions. Ingestion accepts faster than the registry records, so without it a back-fill
/// builds a queue in front of the registry for as long as it lasts (a batch waited p95 7–12 s over 40,000 reports,
/// docs/benchmarks.md). A batch of more than <see cref="LiveReportsAccepted.MaxReports"/> reports therefore waits,
/// before it is stored, while more than <see cref="BulkPacingOptions.MaxUnrecorded"/> recently accepted reports are not
/// recorded by the registry yet (its <c>ReportsRecorded</c> marks them): a back-fill goes in at the pace the registry
/// records it, which sets the pace end to end anyway. Live batches never wait (they also take a lane of their own to
/// the registry). A batch waits at most <see cref="BulkPacingOptions.MaxWait"/> and is then stored as always: nothing
/// is refused.
/// </summary>
public sealed class BulkPacing(IOptions<BulkPacingOptions> options, TimeProvider time, IngestionMetrics metrics, ILogger<BulkPacing> logger)
{
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(50);

    public async Task WaitForRegistryAsync(IngestionDbContext db, int reports, CancellationToken ct)
    {
        var settings = options.Value;
        if (reports <= LiveReportsAccepted.MaxReports || settings.MaxUnrecorded <= 0)
        {
            return;
        }

        var started = time.GetTimestamp();
        var waited = false;
        while (await UnrecordedAsync(db, settings, ct) > settings.MaxUnrecorded)
        {
            if (time.GetElapsedTime(started) >= settings.MaxWait)
            {
                logger.LogWarning(
                    "A batch of {Reports} reports waited {MaxWait} for the registry (more than {MaxUnrecorded} accepted reports not recorded yet) and is stored anyway",
                    reports, settings.MaxWait, settings.MaxUnrecorded);
                break;
            }

            waited = true;
            await Task.Delay(s_pollInterval, time, ct);
        }

        if (waited)
        {
            metrics.RecordPacing(time.GetElapsedTime(started));
        }
    }

    /// <summary>Recently accepted reports not recorded yet, counted up to one past the bound (a partial index holds them).</summary>
    private Task<int> UnrecordedAsync(IngestionDbContext db, BulkPacingOptions settings, CancellationToken ct)
    {
        var since = time.GetUtcNow().UtcDateTime - settings.Window;
        return db.Reports.Where(r => r.State == ReportState.Accepted && r.ReceivedAt > since).Take(settings.MaxUnrecorded + 1).CountAsync(ct);
    }
}
