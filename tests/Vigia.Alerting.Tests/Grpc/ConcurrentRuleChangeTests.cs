using Grpc.Core;
using Vigia.Alerting.V1;
using Vigia.Common.V1;

namespace Vigia.Alerting.Tests.Grpc;

/// <summary>
/// Callers changing the same rule at the same moment, on PostgreSQL where their transactions really overlap (found by
/// the fuzz suite with requests in flight together): the losers get the answer they would get a moment later,
/// ALREADY_EXISTS or NOT_FOUND, never INTERNAL.
/// </summary>
public sealed class ConcurrentRuleChangeTests
{
    private const int Callers = 8;
    private const int Rounds = 5;

    [SkippableFact]
    public async Task CreateRule_SameIdFromManyCallersAtOnce_OneCreatesTheOthersAlreadyExists()
    {
        await using var host = await AlertingHost.StartOnPostgresAsync();
        var client = new AlertingService.AlertingServiceClient(host.Channel);

        for (var round = 0; round < Rounds; round++)
        {
            var rule = Rule($"race-create-{round}");

            var codes = await AllAtOnceAsync(() => client.CreateRuleAsync(new CreateRuleRequest { Rule = rule }).ResponseAsync);

            Assert.Equal(1, codes.Count(c => c == StatusCode.OK));
            Assert.All(codes.Where(c => c != StatusCode.OK), c => Assert.Equal(StatusCode.AlreadyExists, c));
        }
    }

    [SkippableFact]
    public async Task DeleteRule_SameRuleDeletedAndUpdatedAtOnce_OneDeletesTheOthersNotFound()
    {
        await using var host = await AlertingHost.StartOnPostgresAsync();
        var client = new AlertingService.AlertingServiceClient(host.Channel);

        for (var round = 0; round < Rounds; round++)
        {
            var rule = (await client.CreateRuleAsync(new CreateRuleRequest { Rule = Rule($"race-delete-{round}") })).Rule;
            var update = new UpdateRuleRequest { Rule = rule.Clone(), UpdateMask = new() { Paths = { "display_name" } } };
            update.Rule.DisplayName = "Renamed while deleted";

            var deletes = AllAtOnceAsync(() => client.DeleteRuleAsync(new DeleteRuleRequest { RuleId = rule.RuleId }).ResponseAsync);
            var updates = AllAtOnceAsync(() => client.UpdateRuleAsync(update).ResponseAsync);
            var (deleted, updated) = (await deletes, await updates);

            Assert.Equal(1, deleted.Count(c => c == StatusCode.OK));
            Assert.All(deleted.Where(c => c != StatusCode.OK), c => Assert.Equal(StatusCode.NotFound, c));
            Assert.All(updated, c => Assert.Contains(c, new[] { StatusCode.OK, StatusCode.NotFound }));
            var gone = await Assert.ThrowsAsync<RpcException>(() => client.GetRuleAsync(new GetRuleRequest { RuleId = rule.RuleId }).ResponseAsync);
            Assert.Equal(StatusCode.NotFound, gone.StatusCode);
        }
    }

    /// <summary>Starts every call before awaiting any, and returns each one's status.</summary>
    private static async Task<StatusCode[]> AllAtOnceAsync<T>(Func<Task<T>> call) =>
        await Task.WhenAll(Enumerable.Range(0, Callers).Select(async _ =>
        {
            try
            {
                await call();
                return StatusCode.OK;
            }
            catch (RpcException ex)
            {
                return ex.StatusCode;
            }
        }));

    private static Rule Rule(string id) => new()
    {
        RuleId = id,
        DisplayName = "Homicide spikes per department",
        Selector = new Selector { CountryCodes = { "SV" }, IncidentTypes = { IncidentType.Homicide } },
        Measure = Measure.Incidents,
        GroupBy = GroupBy.Admin1,
        Detector = new Detector { Ears = new Ears { Variant = EarsVariant.C2 } },
        Enabled = true,
    };
}
