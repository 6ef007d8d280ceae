using Google.Protobuf.WellKnownTypes;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Vigia.Alerting.Data;
using Vigia.Alerting.Evaluation;
using Vigia.Alerting.V1;
using Vigia.ServiceDefaults.Grpc;

namespace Vigia.Alerting.Rules;

/// <summary>Creates, reads, changes and removes rules.</summary>
public sealed class RuleCatalog(AlertingDbContext db, TimeProvider time)
{
    private static readonly HashSet<string> s_updatablePaths =
        ["display_name", "selector", "measure", "group_by", "detector", "min_count", "labels", "enabled", "severity"];

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

        var now = time.GetUtcNow().UtcDateTime;
        created.CreateTime = Timestamp.FromDateTime(now);
        created.UpdateTime = created.CreateTime;
        created.CreatedBy = createdBy;
        created.UpdatedBy = createdBy;
        var record = new RuleRecord { RuleId = created.RuleId, Body = [], CreatedAt = now, UpdatedAt = now };
        record.Store(created);
        db.Rules.Add(record);
        await db.SaveChangesAsync(ct);
        return created;
    }

    public async Task<Rule> GetAsync(string ruleId, CancellationToken ct) => (await FindAsync(ruleId, ct)).ToRule();

    public async Task<(IReadOnlyList<Rule> Rules, string NextPageToken)> ListAsync(int pageSize, string pageToken, CancellationToken ct)
    {
        var size = Paging.Size(pageSize);
        var after = Paging.StringAfter(pageToken);
        var query = db.Rules.AsNoTracking();
        if (after is not null)
        {
            query = query.Where(r => r.RuleId.CompareTo(after) > 0);
        }

        var page = await query.OrderBy(r => r.RuleId).Take(size + 1).ToListAsync(ct);
        var next = page.Count > size ? Paging.Token(page[size - 1].RuleId) : "";
        return ([.. page.Take(size).Select(r => r.ToRule())], next);
    }

    /// <summary>Applies the masked fields (every field when the mask is empty) and validates the result.</summary>
    public async Task<Rule> UpdateAsync(Rule changes, IReadOnlyCollection<string> paths, string updatedBy, CancellationToken ct)
    {
        if (changes.RuleId.Length == 0)
        {
            throw InvalidInputException.For("rule.rule_id", "is required");
        }

        var unknown = paths.Where(p => !s_updatablePaths.Contains(p)).ToList();
        if (unknown.Count > 0)
        {
            var violations = new FieldViolations();
            foreach (var path in unknown)
            {
                violations.Add("update_mask", $"'{path}' cannot be updated; use {string.Join(", ", s_updatablePaths)}");
            }

            violations.ThrowIfAny();
        }

        var record = await FindAsync(changes.RuleId, ct);
        var rule = record.ToRule();
        var apply = paths.Count == 0 ? s_updatablePaths : paths;
        foreach (var path in apply)
        {
            Apply(rule, changes, path);
        }

        RuleValidator.Validate(rule).ThrowIfAny("The updated rule has invalid fields.");
        var now = time.GetUtcNow().UtcDateTime;
        rule.UpdateTime = Timestamp.FromDateTime(now);
        rule.UpdatedBy = updatedBy;
        record.Store(rule);
        record.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return rule;
    }

    public async Task DeleteAsync(string ruleId, CancellationToken ct)
    {
        var record = await FindAsync(ruleId, ct);
        db.Rules.Remove(record);
        await db.SaveChangesAsync(ct);
    }

    public async Task<IReadOnlyList<Rule>> EnabledAsync(CancellationToken ct)
    {
        var bodies = await db.Rules.AsNoTracking().Where(r => r.Enabled).OrderBy(r => r.RuleId).Select(r => r.Body).ToListAsync(ct);
        return [.. bodies.Select(b => Rule.Parser.ParseFrom(b))];
    }

    /// <summary>
    /// Adds the default rules the first time the service starts. Only once: a default an operator
    /// deleted stays deleted (disable it to keep it around).
    /// </summary>
    public async Task SeedDefaultsAsync(CancellationToken ct)
    {
        if (await db.Settings.AnyAsync(s => s.Key == AlertingSetting.DefaultRulesSeeded, ct))
        {
            return;
        }

        var now = time.GetUtcNow().UtcDateTime;
        foreach (var rule in DefaultRules.All())
        {
            if (await db.Rules.AnyAsync(r => r.RuleId == rule.RuleId, ct))
            {
                continue;
            }

            rule.CreateTime = Timestamp.FromDateTime(now);
            rule.UpdateTime = rule.CreateTime;
            var record = new RuleRecord { RuleId = rule.RuleId, Body = [], CreatedAt = now, UpdatedAt = now };
            record.Store(rule);
            db.Rules.Add(record);
        }

        db.Settings.Add(new AlertingSetting { Key = AlertingSetting.DefaultRulesSeeded, Value = now.ToString("O") });
        await db.SaveChangesAsync(ct);
    }

    private async Task<RuleRecord> FindAsync(string ruleId, CancellationToken ct) =>
        await db.Rules.SingleOrDefaultAsync(r => r.RuleId == ruleId, ct) ?? throw new NotFoundException("rule", ruleId);

    private static void Apply(Rule rule, Rule changes, string path)
    {
        switch (path)
        {
            case "display_name":
                rule.DisplayName = changes.DisplayName;
                break;
            case "selector":
                rule.Selector = changes.Selector?.Clone();
                break;
            case "measure":
                rule.Measure = changes.Measure;
                break;
            case "group_by":
                rule.GroupBy = changes.GroupBy;
                break;
            case "detector":
                rule.Detector = changes.Detector?.Clone();
                break;
            case "min_count":
                rule.MinCount = changes.MinCount;
                break;
            case "labels":
                rule.Labels.Clear();
                rule.Labels.Add(changes.Labels);
                break;
            case "enabled":
                rule.Enabled = changes.Enabled;
                break;
            case "severity":
                rule.Severity = changes.Severity;
                break;
        }
    }
}
