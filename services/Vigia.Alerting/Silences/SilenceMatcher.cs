using Vigia.Alerting.V1;
using Vigia.Common.V1;
using Vigia.Contracts.Selectors;
using Vigia.ServiceDefaults.Grpc;

namespace Vigia.Alerting.Silences;

/// <summary>Whether a silence holds back an event: active now, for its rule (when it names one), and the series inside its selector.</summary>
public static class SilenceMatcher
{
    public static bool Suppresses(Silence silence, string ruleId, Selector series, DateTime nowUtc)
    {
        var starts = silence.StartTime?.ToDateTime() ?? DateTime.MinValue;
        var ends = silence.EndTime?.ToDateTime() ?? DateTime.MaxValue;
        return starts <= nowUtc && nowUtc < ends
            && (silence.RuleId.Length == 0 || silence.RuleId == ruleId)
            && Selection.From(series).IsWithin(Selection.From(silence.Selector));
    }
}
