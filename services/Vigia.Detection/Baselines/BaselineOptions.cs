namespace Vigia.Detection.Baselines;

/// <summary>How the regression baseline is fitted: window, guard band, refit schedule, terms, outlier weighting.</summary>
public sealed record BaselineOptions
{
    /// <summary>Points between refits; models are fitted at anchors t − t mod RefitEvery, so a point's baseline depends only on its past.</summary>
    public int RefitEvery { get; init; }

    /// <summary>The most recent points left out of the fit, so that a wave under way does not raise its own baseline.</summary>
    public int GuardPoints { get; init; }

    /// <summary>The longest history the fit uses.</summary>
    public int MaxWindowPoints { get; init; }

    /// <summary>The shortest history worth a fit; the guard band shrinks before the window does.</summary>
    public int MinWindowPoints { get; init; }

    /// <summary>Annual sine/cosine pairs, used once two years of history are available.</summary>
    public int Harmonics { get; init; } = 2;

    /// <summary>
    /// When positive, older points weigh less in the fit, by half every this many years, so the baseline follows level
    /// changes that a straight trend over five years cannot (homicide series drift); zero weighs the window evenly.
    /// </summary>
    public double HalfLifeYears { get; init; } = 1.0;

    /// <summary>Anscombe residuals above this are down-weighted by 1/r² as past outbreaks (Farrington et al. 1996; Noufaily et al. 2013).</summary>
    public double ReweightThreshold { get; init; } = 2.58;

    public static BaselineOptions For(SeriesFrequency frequency) => frequency == SeriesFrequency.Daily
        ? new BaselineOptions { RefitEvery = 28, GuardPoints = 21, MaxWindowPoints = 5 * 365, MinWindowPoints = 8 * 7 }
        : new BaselineOptions { RefitEvery = 1, GuardPoints = 3, MaxWindowPoints = 5 * 52, MinWindowPoints = 26 };
}
