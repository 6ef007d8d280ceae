using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Vigia.Alerting.Alerts;
using Vigia.Alerting.Data;
using Vigia.Alerting.Rules;
using Vigia.Alerting.V1;
using Vigia.Alerting.Waves;
using Vigia.ServiceDefaults.Grpc;
using Vigia.ServiceDefaults.Persistence;

namespace Vigia.Alerting.Silences;

/// <summary>Creates, lists and removes silences; finds the ones active at an instant.</summary>
public sealed class SilenceCatalog(AlertingDbContext db, TimeProvider time, IOptions<SilenceOptions> options)
{
    // Every judge's pass asks it.
    private static readonly CompiledPerModel<Func<AlertingDbContext, DateTime, IAsyncEnumerable<SilenceRecord>>> s_active = new(() => EF.CompileAsyncQuery(
        (AlertingDbContext db, DateTime nowUtc) => db.Silences.AsNoTracking().Where(s => s.StartsAt <= nowUtc && (s.EndsAt == null || s.EndsAt > nowUtc))));

    public const int MaxCommentLength = 2000;

    public async Task<Silence> CreateAsync(Silence silence, string createdBy, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var created = silence.Clone();
        created.SilenceId = NewId.NextGuid().ToString();
        created.StartTime ??= ProtoDates.ToTimestamp(now);
        created.CreatedBy = createdBy;
        var violations = new FieldViolations();
        var maxDuration = options.Value.MaxDuration;
        var startsAt = violations.Instant(created.StartTime, "silence.start_time");
        var endsAt = violations.Instant(created.EndTime, "silence.end_time");
        violations.Selector(created.Selector, "silence.selector");
        violations.Text(created.Comment, "silence.comment", MaxCommentLength, multiline: true);
        if (created.EndTime is null)
        {
            violations.Add("silence.end_time", $"is required: a silence ends within {maxDuration} of its start");
        }
        else if (startsAt is { } start && endsAt is { } end && end <= start)
        {
            violations.Add("silence.end_time", "must be after start_time");
        }
        else if (startsAt is { } from && endsAt is { } until && until - from > maxDuration)
        {
            violations.Add("silence.end_time", $"must be within {maxDuration} of start_time");
        }

        if (created.RuleId.Length == 0 && !HasMatcher(created.Selector))
        {
            violations.Add("silence.selector", "needs at least one matcher (or silence.rule_id): a silence never mutes every alert");
        }

        // Checked before the look-up: PostgreSQL refuses a NUL even in a query.
        if (created.RuleId.Length > 0
            && violations.Text(created.RuleId, "silence.rule_id", RuleRecord.MaxRuleIdLength, required: true) is not null
            && !await db.Rules.AnyAsync(r => r.RuleId == created.RuleId, ct))
        {
            violations.Add("silence.rule_id", $"no rule '{created.RuleId}'");
        }

        violations.ThrowIfAny("The silence has invalid fields.");
        db.Silences.Add(new SilenceRecord
        {
            SilenceId = created.SilenceId,
            StartsAt = created.StartTime.ToDateTime(),
            EndsAt = created.EndTime?.ToDateTime(),
            Body = created.ToByteArray(),
        });
        await db.SaveChangesAsync(ct);
        return created;
    }

    private static bool HasMatcher(Common.V1.Selector? selector) =>
        selector is not null && (selector.CountryCodes.Count > 0 || selector.Admin1.Count > 0 || selector.Admin2.Count > 0
            || selector.IncidentTypes.Count > 0 || selector.VictimCategories.Count > 0 || selector.Perpetrators.Count > 0);

    public async Task<(IReadOnlyList<Silence> Silences, string NextPageToken)> ListAsync(int pageSize, string pageToken, CancellationToken ct)
    {
        var (size, after) = PageTokens.ReadNumber(pageSize, pageToken);
        var query = db.Silences.AsNoTracking();
        if (after is { } last)
        {
            query = query.Where(s => s.Id > last);
        }

        var page = await query.OrderBy(s => s.Id).Take(size + 1).ToListAsync(ct);
        var next = page.Count > size ? PageTokens.Encode(page[size - 1].Id) : "";
        return ([.. page.Take(size).Select(s => s.ToSilence())], next);
    }

    public async Task DeleteAsync(string silenceId, CancellationToken ct)
    {
        var deleted = await db.Silences.Where(s => s.SilenceId == silenceId).ExecuteDeleteAsync(ct);
        if (deleted == 0)
        {
            throw new NotFoundException("silence", silenceId);
        }
    }

    public async Task<IReadOnlyList<Silence>> ActiveAsync(DateTime nowUtc, CancellationToken ct)
    {
        var rows = await s_active.For(db)(db, nowUtc).ToListAsync(ct);
        return [.. rows.Select(s => s.ToSilence())];
    }
}
