using Google.Protobuf.WellKnownTypes;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Vigia.Alerting.Alerts;
using Vigia.Alerting.Data;
using Vigia.Alerting.Silences;
using Vigia.Alerting.V1;
using Vigia.Alerting.Waves;
using Vigia.ServiceDefaults.Grpc;
using Vigia.ServiceDefaults.Persistence;

namespace Vigia.Alerting.Rules;

/// <summary>Creates, reads, changes and removes rules.</summary>
public sealed class RuleCatalog(AlertingDbContext db, TimeProvider time, AlertRecorder recorder, SilenceCatalog silences)
{
    // Every judge's pass asks it.
    private static readonly CompiledPerModel<Func<AlertingDbContext, IAsyncEnumerable<RuleRecord>>> s_enabled = new(() => EF.CompileAsyncQuery(
        (AlertingDbContext db) => db.Rules.Where(r => r.Enabled).OrderBy(r => r.RuleId).AsNoTracking()));

    private const int MaxConflictAttempts = 3;

    public async Task<Rule> CreateAsync(Rule rule, string createdBy, CancellationToken ct)
    {
        RuleValidator.Validate(rule).ThrowIfAny("The rule has invalid fields.");
        var created = rule.Clone();
        if (created.RuleId.Length == 0)
        {
            created.RuleId = $"rule-{NewId.NextGuid():N}";
        }
        else if (await db.Rules.AnyAsync(r => r.RuleId == created.RuleId, ct))
        {
            throw new RuleAlreadyExistsException(created.RuleId);
        }

        Add(created, createdBy);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (DatabaseErrors.IsUniqueViolation(ex))
        {
            // A concurrent CreateRule with the same id committed between the look-up and this insert.
            db.ChangeTracker.Clear();
            throw new RuleAlreadyExistsException(created.RuleId);
        }

        return created;
    }

    /// <summary>Stores a new rule, stamped now with who made it, in the caller's unit of work.</summary>
    public void Add(Rule rule, string createdBy)
    {
        var now = time.GetUtcNow().UtcDateTime;
        rule.CreateTime = Timestamp.FromDateTime(now);
        rule.UpdateTime = rule.CreateTime;
        rule.CreatedBy = createdBy;
        rule.UpdatedBy = createdBy;
        var record = new RuleRecord { RuleId = rule.RuleId, Body = [], CreatedAt = now, UpdatedAt = now };
        record.Store(rule);
        db.Rules.Add(record);
    }

    public async Task<Rule> GetAsync(string ruleId, CancellationToken ct) => (await FindAsync(ruleId, ct)).ToRule();

    public async Task<(IReadOnlyList<Rule> Rules, string NextPageToken)> ListAsync(int pageSize, string pageToken, CancellationToken ct)
    {
        var (size, after) = PageTokens.Read(pageSize, pageToken);
        var query = db.Rules.AsNoTracking();
        if (after is not null)
        {
            query = query.Where(r => r.RuleId.CompareTo(after) > 0);
        }

        var page = await query.OrderBy(r => r.RuleId).Take(size + 1).ToListAsync(ct);
        var next = page.Count > size ? PageTokens.Encode(page[size - 1].RuleId) : "";
        return ([.. page.Take(size).Select(r => r.ToRule())], next);
    }

    /// <summary>Applies the fields <paramref name="paths"/> names (see <see cref="RuleUpdate"/>) and validates the result.</summary>
    public Task<Rule> UpdateAsync(Rule changes, IReadOnlyList<string> paths, string updatedBy, CancellationToken ct) =>
        AgainOnConflictAsync(() => TryUpdateAsync(changes, paths, updatedBy, ct));

    public Task DeleteAsync(string ruleId, CancellationToken ct) =>
        AgainOnConflictAsync(async () =>
        {
            await TryDeleteAsync(ruleId, ct);
            return ruleId;
        });

    private async Task<Rule> TryUpdateAsync(Rule changes, IReadOnlyList<string> paths, string updatedBy, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var record = await FindAsync(changes.RuleId, ct);
        var rule = record.ToRule();
        var wasEnabled = rule.Enabled;
        foreach (var path in paths)
        {
            RuleUpdate.Apply(rule, changes, path);
        }

        RuleValidator.Validate(rule).ThrowIfAny("The updated rule has invalid fields.");
        var now = time.GetUtcNow().UtcDateTime;
        rule.UpdateTime = Timestamp.FromDateTime(now);
        rule.UpdatedBy = updatedBy;
        record.Store(rule);
        record.UpdatedAt = now;
        // A changed rule is tried at once; what it skipped while failing is still re-judged.
        record.FailingReason = null;
        record.FailingSince = null;
        record.NextRetryAt = null;
        record.Failures = 0;
        if (wasEnabled && !rule.Enabled)
        {
            await recorder.ResolveOpenWavesAsync(rule, WaveResolution.RuleDisabled, await silences.ActiveAsync(now, ct), ct);
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return rule;
    }

    private async Task TryDeleteAsync(string ruleId, CancellationToken ct)
    {
        var record = await FindAsync(ruleId, ct);
        var now = time.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await recorder.ResolveOpenWavesAsync(record.ToRule(), WaveResolution.RuleDeleted, await silences.ActiveAsync(now, ct), ct);
        db.Rules.Remove(record);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>
    /// Makes a change to a rule again when something it wrote was changed meanwhile: the rule itself deleted by a
    /// concurrent DeleteRule (rules carry no version, so the row is simply gone: the next try answers NOT_FOUND), or a
    /// wave it resolves changed by an evaluation or a concurrent change of the same rule: a lost race is answered as a
    /// moment later would answer it, not with INTERNAL.
    /// </summary>
    private async Task<T> AgainOnConflictAsync<T>(Func<Task<T>> change)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await change();
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxConflictAttempts)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>The enabled rules as stored, unread: each is read in its own evaluation, so one that cannot be read fails alone.</summary>
    public async Task<IReadOnlyList<RuleRecord>> EnabledAsync(CancellationToken ct) => await s_enabled.For(db)(db).ToListAsync(ct);

    private async Task<RuleRecord> FindAsync(string ruleId, CancellationToken ct) =>
        await db.Rules.SingleOrDefaultAsync(r => r.RuleId == ruleId, ct) ?? throw new NotFoundException("rule", ruleId);
}
