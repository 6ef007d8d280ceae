using Vigia.Statistics.V1;

namespace Vigia.Statistics.Interventions;

/// <summary>
/// What an evaluation found. The estimate fields are zero and <see cref="Estimated"/> false when the
/// data could not carry a fit at all; the event study is empty for an interrupted time series.
/// </summary>
public sealed record InterventionResult
{
    public required EvaluationMethod Method { get; init; }
    public required Verdict Verdict { get; init; }
    public required string Reason { get; init; }
    public bool Estimated { get; init; }
    public double LogEffect { get; init; }
    public double StandardError { get; init; }
    public double AbsoluteEffect { get; init; }
    public bool PreTrendParallel { get; init; }
    public double PreTrendChiSquare { get; init; }
    public int PreTrendDegreesOfFreedom { get; init; }
    public double PreTrendPValue { get; init; }
    public IReadOnlyList<EventStudyWindow> EventStudy { get; init; } = [];
    public int TreatedPlaceCount { get; init; }
    public int ControlPlaceCount { get; init; }
    public int PrePeriodCount { get; init; }
    public int PostPeriodCount { get; init; }
    public double TreatedTotal { get; init; }
    public double ControlTotal { get; init; }

    /// <summary>The periods of the panel the evaluation read, and the treated and control places' totals in each.</summary>
    public IReadOnlyList<DateOnly> Periods { get; init; } = [];

    public IReadOnlyList<double> TreatedSeries { get; init; } = [];
    public IReadOnlyList<double> ControlSeries { get; init; } = [];

    /// <summary>The 95% interval of the log effect (normal, as R's coeftest with a sandwich covariance).</summary>
    public (double Low, double High) LogInterval => (LogEffect - (Z95 * StandardError), LogEffect + (Z95 * StandardError));

    /// <summary>The 0.975 quantile of the standard normal.</summary>
    public const double Z95 = 1.959963984540054;
}
