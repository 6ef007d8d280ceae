using Vigia.Detection;

namespace Vigia.Detection.Evaluation;

/// <summary>
/// One benchmark series: its counts (baseline plus planted outbreaks), where the evaluation window starts, and the
/// outbreaks planted in that window, which are what a detector should find.
/// </summary>
internal sealed record EvaluationSeries(
    string Id,
    string Group,
    string Scenario,
    SeriesFrequency Frequency,
    DateOnly FirstDate,
    double[] Counts,
    int EvaluationStart,
    IReadOnlyList<Outbreak> Outbreaks)
{
    /// <summary>Simulated series only: the true baseline mean of every point, for the oracle detector.</summary>
    public double[]? TrueMean { get; init; }

    /// <summary>Simulated series only: the true dispersion φ.</summary>
    public double TrueDispersion { get; init; } = double.NaN;

    public int Length => Counts.Length;

    /// <summary>Whether point t carries outbreak cases, i.e. lies between the first and last case of a planted outbreak.</summary>
    public bool[] OutbreakPoints()
    {
        var marks = new bool[Counts.Length];
        foreach (var outbreak in Outbreaks)
        {
            for (var t = outbreak.Start; t <= outbreak.End; t++)
            {
                marks[t] = true;
            }
        }

        return marks;
    }
}
