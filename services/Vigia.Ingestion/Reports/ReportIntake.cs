using Google.Protobuf;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Vigia.Contracts.Messages;
using Vigia.Ingestion.Data;
using Vigia.Ingestion.Normalisation;
using Vigia.Ingestion.V1;
using Vigia.ServiceDefaults.Delivery;
using Vigia.ServiceDefaults.Grpc;
using Vigia.ServiceDefaults.Persistence;

namespace Vigia.Ingestion.Reports;

/// <summary>
/// Stores submitted reports and announces the accepted ones. A batch costs one look-up of its keys,
/// one SaveChanges and one <see cref="ReportsAccepted"/> outbox message, whatever its size: the bulk
/// path never does per-record round trips. A few reports go as <see cref="LiveReportsAccepted"/>, the registry's
/// live lane.
/// </summary>
public sealed class ReportIntake(
    IngestionDbContext db, ReportValidator validator, BulkPacing pacing, TimeProvider time, IngestionMetrics metrics, ILogger<ReportIntake> logger)
{
    /// <summary>Larger batches are refused whole: split them (a few hundred records a batch is fastest).</summary>
    public const int MaxBatchSize = 5000;

    /// <summary>At most this many reports in batches stored as one (<see cref="StoreBatchesAsync"/>).</summary>
    public const int MaxGroupedReports = GroupCommit.MaxItems;

    // A unique-index conflict means another submission of the same key committed first; a second
    // look-up sees it. More than a few conflicts in a row would mean something else is wrong.
    private const int MaxAttempts = 3;

    /// <summary>Submits one report; bad input throws <see cref="InvalidInputException"/> listing every violation.</summary>
    public async Task<SubmissionResult> SubmitAsync(Report report, CancellationToken ct)
    {
        var validated = validator.Validate(report);
        if (!validated.IsValid)
        {
            metrics.Record(SubmissionOutcome.Rejected);
            throw new InvalidInputException("The report has invalid fields.", validated.Violations);
        }

        var result = (await StoreAsync([new Submission(0, report, validated)], keepRejected: false, ct))[0];
        metrics.Record(result.Outcome);
        if (result.Outcome == SubmissionOutcome.Rejected)
        {
            throw new InvalidInputException("The database refused the report.", result.Violations);
        }

        return result;
    }

    /// <summary>
    /// Submits a batch: one result per record, in order. Invalid records are rejected (and kept with
    /// their violations when they have a key); they never fail the records beside them.
    /// </summary>
    public async Task<IReadOnlyList<SubmissionResult>> SubmitBatchAsync(IReadOnlyList<Report> reports, CancellationToken ct)
    {
        if (reports.Count > MaxBatchSize)
        {
            throw InvalidInputException.For("reports", $"at most {MaxBatchSize} records per batch (was {reports.Count}); split the batch");
        }

        if (reports.Count == 0)
        {
            return [];
        }

        await PaceAsync(reports.Count, ct);
        return (await StoreBatchesAsync([reports], ct))[0];
    }

    /// <summary>
    /// Waits before a bulk batch is stored while the registry is behind (<see cref="BulkPacing"/>); a few reports never
    /// wait. <see cref="SubmitBatchAsync"/> does this itself; a stream of batches does it before gathering a group.
    /// </summary>
    public Task PaceAsync(int reports, CancellationToken ct) => pacing.WaitForRegistryAsync(db, reports, ct);

    /// <summary>
    /// Stores batches, already paced (<see cref="PaceAsync"/>), as one: one look-up of their keys, one transaction and one
    /// announcement, so bulk batches a client sent one behind another go on to the registry, statistics and alerting as
    /// one larger batch. Each batch gets its own results, in order, as <see cref="SubmitBatchAsync"/> gives them.
    /// </summary>
    public async Task<IReadOnlyList<IReadOnlyList<SubmissionResult>>> StoreBatchesAsync(IReadOnlyList<IReadOnlyList<Report>> batches, CancellationToken ct)
    {
        var submissions = new List<Submission>();
        foreach (var reports in batches)
        {
            if (reports.Count > MaxBatchSize)
            {
                throw new ArgumentException($"A batch of {reports.Count} records is over {MaxBatchSize}: submit it alone, to be refused.", nameof(batches));
            }

            for (var i = 0; i < reports.Count; i++)
            {
                submissions.Add(new Submission(i, reports[i], validator.Validate(reports[i])));
            }
        }

        var results = await StoreAsync(submissions, keepRejected: true, ct);
        metrics.Record(results);
        var perBatch = new List<IReadOnlyList<SubmissionResult>>(batches.Count);
        var start = 0;
        foreach (var reports in batches)
        {
            perBatch.Add(results[start..(start + reports.Count)]);
            start += reports.Count;
        }

        return perBatch;
    }

    private async Task<SubmissionResult[]> StoreAsync(IReadOnlyList<Submission> submissions, bool keepRejected, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryStoreAsync(submissions, keepRejected, ct);
            }
            catch (Exception ex) when (DatabaseErrors.IsUniqueViolation(ex) && attempt < MaxAttempts)
            {
                logger.LogDebug("A concurrent submission stored some of these {Count} keys first; looking them up again", submissions.Count);
            }
            catch (Exception ex) when (IsRefusedValue(ex))
            {
                db.ChangeTracker.Clear();
                return await IsolateRefusedAsync(submissions, keepRejected, ex, ct);
            }
            finally
            {
                // The context lives as long as a bulk stream: keep it from growing batch by batch.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>
    /// The database refused a value that passed every check (the checks should have caught it, so it is logged as a
    /// warning): the halves are stored apart until the refused record is alone, and it alone is rejected, naming the
    /// database's reason. Its neighbours are stored as if it had never been sent.
    /// </summary>
    private async Task<SubmissionResult[]> IsolateRefusedAsync(
        IReadOnlyList<Submission> submissions, bool keepRejected, Exception refusal, CancellationToken ct)
    {
        if (submissions.Count > 1)
        {
            var half = submissions.Count / 2;
            var first = await StoreAsync([.. submissions.Take(half)], keepRejected, ct);
            var second = await StoreAsync([.. submissions.Skip(half)], keepRejected, ct);
            return [.. first, .. second];
        }

        var submission = submissions[0];
        var reason = (DatabaseErrors.Unwrap(refusal) ?? refusal).Message;
        logger.LogWarning(refusal, "The database refused report {Source}/{SourceRecordId}, which passed every check; rejecting it alone",
            submission.Validated.Source, submission.Validated.SourceRecordId);
        var refused = submission with
        {
            Validated = submission.Validated with
            {
                Report = null,
                Violations = new FieldViolations().Add("report", $"the database refused this record: {reason}").All,
            },
        };
        try
        {
            return await TryStoreAsync([refused], keepRejected, ct);
        }
        catch (Exception ex) when (IsRefusedValue(ex))
        {
            // Even the record as sent cannot be kept: answer without storing it.
            db.ChangeTracker.Clear();
            return [Result(refused, null, SubmissionOutcome.Rejected)];
        }
    }

    private async Task<SubmissionResult[]> TryStoreAsync(IReadOnlyList<Submission> submissions, bool keepRejected, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var stored = await LoadExistingAsync(submissions, ct);
        var results = new SubmissionResult[submissions.Count];
        // Messages are taken as each record is handled: a key sent twice in one batch is two revisions.
        var accepted = new List<AcceptedReport>();
        // New rows are bulk-inserted, untracked; rows already stored are tracked and saved by SaveChanges.
        var inserted = new List<IngestedReport>();
        var changed = false;

        for (var position = 0; position < submissions.Count; position++)
        {
            var submission = submissions[position];
            var validated = submission.Validated;
            var key = (validated.Source, validated.SourceRecordId);
            var row = validated.HasKey ? stored.GetValueOrDefault(key) : null;

            if (!validated.IsValid)
            {
                // Kept so GetReport can explain it, unless the key already belongs to an accepted report,
                // which a bad resubmission must not touch.
                if (keepRejected && validated.HasKey && (row is null || row.State == ReportState.Rejected))
                {
                    var submitted = AsSentJson(submission.Report);
                    if (row is null)
                    {
                        row = IngestedReport.NewRejected(RowIds.Next(), validated, submitted, now);
                        inserted.Add(row);
                        stored[key] = row;
                    }
                    else
                    {
                        row.Reject(validated, submitted);
                    }

                    changed = true;
                }

                results[position] = Result(submission, row?.State == ReportState.Rejected ? row.Id : null, SubmissionOutcome.Rejected);
                continue;
            }

            if (row is null)
            {
                row = IngestedReport.NewAccepted(RowIds.Next(), validated.Report!, now);
                inserted.Add(row);
                stored[key] = row;
                accepted.Add(row.ToAcceptedMessage());
                results[position] = Result(submission, row.Id, SubmissionOutcome.Accepted);
            }
            else if (row.State == ReportState.Rejected)
            {
                // Sent again, corrected: the rejected record becomes accepted under the id it already had.
                row.Accept(validated.Report!);
                accepted.Add(row.ToAcceptedMessage());
                results[position] = Result(submission, row.Id, SubmissionOutcome.Accepted);
            }
            else if (row.IsCorrectedBy(validated.Report!))
            {
                // The source changed what it says under its key: the next revision, passed on so the incident follows.
                row.Correct(validated.Report!);
                accepted.Add(row.ToAcceptedMessage());
                results[position] = Result(submission, row.Id, SubmissionOutcome.Corrected);
            }
            else
            {
                results[position] = Result(submission, row.Id, SubmissionOutcome.Duplicate);
            }
        }

        if (accepted.Count > 0)
        {
            if (accepted.Count > LiveReportsAccepted.MaxReports)
            {
                db.AddOutboxMessage(new ReportsAccepted { BatchId = RowIds.Next(), Reports = accepted });
            }
            else
            {
                db.AddOutboxMessage(new LiveReportsAccepted { BatchId = RowIds.Next(), Reports = accepted });
            }

            changed = true;
        }

        if (changed)
        {
            await using var transaction = await db.Database.BeginWholeTransactionAsync(ct);
            await db.BulkInsertAsync(inserted, ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }

        return results;
    }

    /// <summary>
    /// The source deleted these records (by its own ids): each accepted one becomes WITHDRAWN, and the registry is told in
    /// the same transaction. Unknown, rejected and already withdrawn ids change nothing. Returns how many were withdrawn.
    /// </summary>
    public async Task<int> WithdrawAsync(string source, IReadOnlyCollection<string> sourceRecordIds, string reason, CancellationToken ct)
    {
        try
        {
            var ids = sourceRecordIds.Distinct().ToList();
            var rows = await db.Reports
                .Where(r => r.Source == source && ids.Contains(r.SourceRecordId)
                    && (r.State == ReportState.Accepted || r.State == ReportState.Recorded))
                .ToListAsync(ct);
            if (rows.Count == 0)
            {
                return 0;
            }

            foreach (var row in rows)
            {
                row.Withdraw();
            }

            db.AddOutboxMessage(new ReportsWithdrawn
            {
                BatchId = RowIds.Next(),
                Reports = [.. rows.Select(r => r.ToWithdrawnMessage(reason))],
            });
            await db.SaveChangesAsync(ct);
            return rows.Count;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>The stored reports with any of the batch's keys, in one query.</summary>
    private async Task<Dictionary<(string Source, string SourceRecordId), IngestedReport>> LoadExistingAsync(
        IReadOnlyList<Submission> submissions, CancellationToken ct)
    {
        var keyed = submissions.Where(s => s.Validated.HasKey).Select(s => s.Validated).ToList();
        var stored = new Dictionary<(string, string), IngestedReport>(keyed.Count);
        if (keyed.Count == 0)
        {
            return stored;
        }

        // Each (source, record id) sought through its unique index.
        var keys = keyed.Select(v => (v.Source, v.SourceRecordId)).Distinct().ToList();
        var rows = await db.Reports.WithKeys(
                (nameof(IngestedReport.Source), keys.Select(k => k.Source).ToArray()),
                (nameof(IngestedReport.SourceRecordId), keys.Select(k => k.SourceRecordId).ToArray()))
            .ToListAsync(ct);
        foreach (var row in rows)
        {
            stored[(row.Source, row.SourceRecordId)] = row;
        }

        return stored;
    }

    /// <summary>
    /// The rejected record as it was sent, for GetReport. Proto JSON cannot show a timestamp outside years 0001 to 9999
    /// or with nanos out of range (the formatter throws): such a published_at is left out, its violation says why, and
    /// the output-only received_at is the service's own.
    /// </summary>
    private static string AsSentJson(Report report)
    {
        var shown = report.Clone();
        shown.ReceivedAt = null;
        if (!IsShowable(shown.PublishedAt))
        {
            shown.PublishedAt = null;
        }

        return JsonFormatter.Default.Format(shown);
    }

    private static bool IsShowable(Google.Protobuf.WellKnownTypes.Timestamp? value)
    {
        if (value is null)
        {
            return true;
        }

        try
        {
            value.ToDateTime();
            return true;
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or InvalidOperationException)
        {
            return false;
        }
    }

    private static SubmissionResult Result(Submission submission, Guid? reportId, SubmissionOutcome outcome) => new(
        submission.Index,
        submission.Validated.Source,
        submission.Validated.SourceRecordId,
        reportId,
        outcome,
        outcome == SubmissionOutcome.Rejected ? submission.Validated.Violations : []);

    /// <summary>
    /// The database refused a value of the batch (class 22, data exceptions: a NUL byte, a string longer than its
    /// column; class 23, a constraint other than the unique key), as opposed to being unreachable.
    /// </summary>
    private static bool IsRefusedValue(Exception ex) => !DatabaseErrors.IsUniqueViolation(ex) && DatabaseErrors.Unwrap(ex) switch
    {
        PostgresException postgres => postgres.SqlState.StartsWith("22", StringComparison.Ordinal) || postgres.SqlState.StartsWith("23", StringComparison.Ordinal),
        // SQLITE_TOOBIG (18) or SQLITE_CONSTRAINT (19).
        SqliteException sqlite => sqlite.SqliteErrorCode is 18 or 19,
        _ => false,
    };

    private sealed record Submission(int Index, Report Report, ValidatedReport Validated);
}
