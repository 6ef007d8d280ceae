using System.Globalization;
using Vigia.Statistics.V1;

namespace Vigia.Statistics.Interventions;

/// <summary>
/// The plain verdict from an interval and a pre-trend test: "reduced" or "increased" when the 95%
/// interval of the rate ratio lies wholly below or above 1, "no detectable effect" when it holds 1,
/// "the data cannot tell" when treated and control places were already diverging before the start
/// (the pre-trend test rejects at 5%), since then the estimate mixes the effect with that divergence.
/// </summary>
public static class EvaluationVerdict
{
    public const double PreTrendSignificance = 0.05;

    public static InterventionResult Decide(InterventionResult estimated)
    {
        var (low, high) = estimated.LogInterval;
        var ratio = string.Create(CultureInfo.InvariantCulture,
            $"rate ratio {Math.Exp(estimated.LogEffect):0.###} (95% CI {Math.Exp(low):0.###} to {Math.Exp(high):0.###})");
        if (estimated.PreTrendDegreesOfFreedom > 0 && estimated.PreTrendPValue < PreTrendSignificance)
        {
            return estimated with
            {
                Verdict = Verdict.CannotTell,
                PreTrendParallel = false,
                Reason = string.Create(CultureInfo.InvariantCulture,
                    $"{estimated.Reason} Treated and control places were already moving apart before the start (pre-trend Wald chi-square {estimated.PreTrendChiSquare:0.##} on {estimated.PreTrendDegreesOfFreedom} df, p = {estimated.PreTrendPValue:0.####}), so the {ratio} cannot be read as the effect."),
            };
        }

        var verdict = high < 0 ? Verdict.Reduced : low > 0 ? Verdict.Increased : Verdict.NoDetectableEffect;
        var words = verdict switch
        {
            Verdict.Reduced => "the interval lies below 1: reduced",
            Verdict.Increased => "the interval lies above 1: increased",
            _ => "the interval holds 1: no detectable effect",
        };
        return estimated with
        {
            Verdict = verdict,
            PreTrendParallel = estimated.PreTrendDegreesOfFreedom > 0,
            Reason = $"{estimated.Reason} The {ratio}; {words}.",
        };
    }
}
