using System.Globalization;
using Vigia.ServiceDefaults.Grpc;
using Vigia.Statistics.Interventions;
using Vigia.Statistics.V1;

namespace Vigia.Statistics.Grpc;

/// <summary>EvaluateIntervention's answer: effects on the log scale become rate ratios and percentages.</summary>
public static partial class ResponseMapping
{
    public static EvaluateInterventionResponse ToResponse(InterventionResult result)
    {
        var (low, high) = result.LogInterval;
        var response = new EvaluateInterventionResponse
        {
            Method = result.Method,
            Verdict = result.Verdict,
            Reason = result.Reason,
            Explanation = Explanation(result),
            PreTrendParallel = result.PreTrendParallel,
            PreTrendChiSquare = result.PreTrendChiSquare,
            PreTrendDegreesOfFreedom = result.PreTrendDegreesOfFreedom,
            PreTrendPValue = result.PreTrendPValue,
            TreatedPlaceCount = result.TreatedPlaceCount,
            ControlPlaceCount = result.ControlPlaceCount,
            PrePeriodCount = result.PrePeriodCount,
            PostPeriodCount = result.PostPeriodCount,
            TreatedTotal = result.TreatedTotal,
            ControlTotal = result.ControlTotal,
        };
        if (result.Estimated)
        {
            response.LogEffect = result.LogEffect;
            response.LogEffectStandardError = result.StandardError;
            response.RateRatio = Math.Exp(result.LogEffect);
            response.RateRatioCiLow = Math.Exp(low);
            response.RateRatioCiHigh = Math.Exp(high);
            response.EffectPercent = Percent(result.LogEffect);
            response.CiLowPercent = Percent(low);
            response.CiHighPercent = Percent(high);
            response.AbsoluteEffect = result.AbsoluteEffect;
        }

        response.TreatedSeries.AddRange(result.Periods.Select((date, t) => new Point { Date = ProtoDates.ToDate(date), Value = result.TreatedSeries[t] }));
        response.ControlSeries.AddRange(result.Periods.Select((date, t) => new Point { Date = ProtoDates.ToDate(date), Value = result.ControlSeries[t] }));
        response.EventStudy.AddRange(result.EventStudy.Select(w => new EventStudyPoint
        {
            RelativePeriod = w.RelativePeriod,
            Date = ProtoDates.ToDate(w.Date),
            EffectPercent = Percent(w.LogEffect),
            CiLowPercent = Percent(w.LogEffect - (InterventionResult.Z95 * w.StandardError)),
            CiHighPercent = Percent(w.LogEffect + (InterventionResult.Z95 * w.StandardError)),
        }));
        return response;
    }

    private static double Percent(double logEffect) => (Math.Exp(logEffect) - 1) * 100;

    private static string Explanation(InterventionResult result) => result.Verdict switch
    {
        Verdict.Reduced or Verdict.Increased or Verdict.NoDetectableEffect => string.Create(CultureInfo.InvariantCulture,
            $"{Words(result.Verdict)}: {Percent(result.LogEffect):+0.#;-0.#;0}% (95% CI {Percent(result.LogInterval.Low):+0.#;-0.#;0}% to {Percent(result.LogInterval.High):+0.#;-0.#;0}%)"),
        _ => "the data cannot tell",
    };

    private static string Words(Verdict verdict) => verdict switch
    {
        Verdict.Reduced => "reduced",
        Verdict.Increased => "increased",
        _ => "no detectable effect",
    };
}
