using System.Globalization;

namespace Vigia.Detection.Evaluation.Scoring;

/// <summary>The automatic default at one anchor's false-alarm rate (<see cref="AutoName"/>, the matched sensitivity) against that anchor, in one group.</summary>
internal sealed record AnchorComparison(string Group, string Anchor, Summary AnchorSummary, string AutoName, Summary AutoSummary)
{
    /// <summary>Outbreaks the automatic default finds beyond the anchor's (negative: a shortfall).</summary>
    public int Margin => AutoSummary.Detected - AnchorSummary.Detected;

    /// <summary>"auto 52 % vs 46 % (2.49 % vs 2.82 %)", with the count short in bold when the automatic default finds fewer.</summary>
    public string Describe()
    {
        var cell = string.Create(CultureInfo.InvariantCulture,
            $"{100 * AutoSummary.Pod:0} % vs {100 * AnchorSummary.Pod:0} % ({100 * AutoSummary.FalseAlarmRate:0.00} % vs {100 * AnchorSummary.FalseAlarmRate:0.00} %)");
        if (AutoSummary.FalseAlarmRate > AnchorSummary.FalseAlarmRate)
        {
            // No sensitivity tried is as quiet as the anchor: the cell compares unequal rates, so it decides nothing.
            return $"not matched: {cell}";
        }

        return Margin >= 0 ? cell : string.Create(CultureInfo.InvariantCulture, $"**{cell}, {-Margin} of {AnchorSummary.Outbreaks} short**");
    }
}
