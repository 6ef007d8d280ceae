using Grpc.Core;
using Vigia.Alerting.Alerts;
using Vigia.Alerting.Delivery;
using Vigia.Alerting.Rules;
using Vigia.Alerting.Silences;
using Vigia.Alerting.V1;
using Vigia.Alerting.Waves;
using Vigia.ServiceDefaults.Auth;
using Vigia.ServiceDefaults.Grpc;

namespace Vigia.Alerting.Grpc;

/// <summary>vigia.alerting.v1.AlertingService: translates requests and delegates to the catalogs.</summary>
public sealed class AlertingGrpcService(
    RuleCatalog rules, AlertCatalog alerts, SilenceCatalog silences, AlertSubscriptions subscriptions, Backtester backtester)
    : AlertingService.AlertingServiceBase
{
    // The columns' lengths: an id longer than its column names nothing, and a NUL would reach PostgreSQL.
    private const int MaxRuleIdLength = RuleRecord.MaxRuleIdLength;
    private const int MaxIdLength = 64;

    public override async Task<CreateRuleResponse> CreateRule(CreateRuleRequest request, ServerCallContext context)
    {
        try
        {
            return new CreateRuleResponse { Rule = await rules.CreateAsync(request.Rule ?? new Rule(), CallerIdentity.Of(context), context.CancellationToken) };
        }
        catch (RuleAlreadyExistsException exists)
        {
            AlertingErrors.AlreadyExists("rule", exists.RuleId);
            throw;
        }
    }

    public override async Task<GetRuleResponse> GetRule(GetRuleRequest request, ServerCallContext context) =>
        new() { Rule = await rules.GetAsync(RequestChecks.RequireKey(request.RuleId, "rule_id", MaxRuleIdLength), context.CancellationToken) };

    public override async Task<ListRulesResponse> ListRules(ListRulesRequest request, ServerCallContext context)
    {
        var (page, next) = await rules.ListAsync(request.PageSize, request.PageToken, context.CancellationToken);
        return new ListRulesResponse { Rules = { page }, NextPageToken = next };
    }

    public override async Task<UpdateRuleResponse> UpdateRule(UpdateRuleRequest request, ServerCallContext context)
    {
        var (changes, paths) = request.ToUpdate();
        return new UpdateRuleResponse { Rule = await rules.UpdateAsync(changes, paths, CallerIdentity.Of(context), context.CancellationToken) };
    }

    public override async Task<DeleteRuleResponse> DeleteRule(DeleteRuleRequest request, ServerCallContext context)
    {
        await rules.DeleteAsync(RequestChecks.RequireKey(request.RuleId, "rule_id", MaxRuleIdLength), context.CancellationToken);
        return new DeleteRuleResponse();
    }

    public override async Task<ListAlertsResponse> ListAlerts(ListAlertsRequest request, ServerCallContext context)
    {
        if (request.RuleId.Length > 0)
        {
            RequestChecks.RequireKey(request.RuleId, "rule_id", MaxRuleIdLength);
        }

        var (page, next) = await alerts.ListAsync(request.PageSize, request.PageToken, AlertQuery.From(request), context.CancellationToken);
        return new ListAlertsResponse { Alerts = { page }, NextPageToken = next };
    }

    public override async Task<ListAlertEventsResponse> ListAlertEvents(ListAlertEventsRequest request, ServerCallContext context)
    {
        var (page, next) = await alerts.EventsAsync(RequestChecks.RequireKey(request.AlertId, "alert_id", MaxIdLength), request.PageSize, request.PageToken, context.CancellationToken);
        return new ListAlertEventsResponse { Events = { page }, NextPageToken = next };
    }

    public override async Task<GetAlertResponse> GetAlert(GetAlertRequest request, ServerCallContext context) =>
        new() { Alert = await alerts.GetAsync(RequestChecks.RequireKey(request.AlertId, "alert_id", MaxIdLength), context.CancellationToken) };

    public override async Task<AcknowledgeAlertResponse> AcknowledgeAlert(AcknowledgeAlertRequest request, ServerCallContext context) =>
        new()
        {
            Alert = await alerts.AcknowledgeAsync(
            RequestChecks.RequireKey(request.AlertId, "alert_id", MaxIdLength), request.Comment, CallerIdentity.Of(context), context.CancellationToken)
        };

    public override async Task<CreateSilenceResponse> CreateSilence(CreateSilenceRequest request, ServerCallContext context) =>
        new() { Silence = await silences.CreateAsync(request.Silence ?? new Silence(), CallerIdentity.Of(context), context.CancellationToken) };

    public override async Task<ListSilencesResponse> ListSilences(ListSilencesRequest request, ServerCallContext context)
    {
        var (page, next) = await silences.ListAsync(request.PageSize, request.PageToken, context.CancellationToken);
        return new ListSilencesResponse { Silences = { page }, NextPageToken = next };
    }

    public override async Task<DeleteSilenceResponse> DeleteSilence(DeleteSilenceRequest request, ServerCallContext context)
    {
        await silences.DeleteAsync(RequestChecks.RequireKey(request.SilenceId, "silence_id", MaxIdLength), context.CancellationToken);
        return new DeleteSilenceResponse();
    }

    public override async Task SubscribeAlerts(
        SubscribeAlertsRequest request, IServerStreamWriter<SubscribeAlertsResponse> responseStream, ServerCallContext context)
    {
        try
        {
            await subscriptions.StreamAsync(request,
                e => responseStream.WriteAsync(new SubscribeAlertsResponse { Event = e }, context.CancellationToken),
                () => context.WriteResponseHeadersAsync([]),
                context.CancellationToken);
        }
        catch (Exception ex) when (ex is SubscriberDroppedException || ex.InnerException is SubscriberDroppedException)
        {
            AlertingErrors.SubscriberTooSlow((ex as SubscriberDroppedException ?? ex.InnerException!).Message);
        }
    }

    public override async Task<BacktestRuleResponse> BacktestRule(BacktestRuleRequest request, ServerCallContext context)
    {
        var rule = request.RuleSourceCase == BacktestRuleRequest.RuleSourceOneofCase.RuleId
            ? await rules.GetAsync(RequestChecks.RequireKey(request.RuleId, "rule_id", MaxRuleIdLength), context.CancellationToken)
            : request.Rule ?? new Rule();
        var events = await backtester.RunAsync(rule, request.Period, context.CancellationToken);
        return new BacktestRuleResponse { Events = { events } };
    }
}
