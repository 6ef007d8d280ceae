using Vigia.Detection;

namespace Vigia.Detection.Evaluation.Simulation;

/// <summary>
/// A baseline in the manner of Noufaily et al. (2013): μ(t) = mean · exp(trend · years + Σⱼ γ(cos 2πjt + sin 2πjt)) ·
/// weekday factor, counts negative binomial with variance φμ.
/// </summary>
/// <param name="Name">Short label for the tables.</param>
/// <param name="Frequency">Daily or weekly.</param>
/// <param name="Mean">Mean count per point at the start of the series, before season and weekday.</param>
/// <param name="Dispersion">φ: variance over mean.</param>
/// <param name="TrendPerYear">Change of log μ per year.</param>
/// <param name="Harmonics">m: annual harmonics (0, 1 or 2).</param>
/// <param name="Seasonality">γ₁ = γ₂ of every harmonic.</param>
/// <param name="WeekdayEffect">Daily series only: the day-of-week pattern of the Colombian homicide records (Sunday 1.4 × the weekly mean).</param>
internal sealed record Scenario(
    string Name,
    SeriesFrequency Frequency,
    double Mean,
    double Dispersion,
    double TrendPerYear,
    int Harmonics,
    double Seasonality,
    bool WeekdayEffect)
{
    /// <summary>Monday … Sunday, normalised to mean 1.</summary>
    private static readonly double[] s_weekdayFactors = Normalise([1.10, 0.86, 0.86, 0.86, 0.95, 1.17, 1.40]);

    public string Description =>
        $"{(Frequency == SeriesFrequency.Daily ? "daily" : "weekly")} mean {Mean:0.##}, φ {Dispersion:0.##}" +
        (TrendPerYear != 0 ? $", trend {TrendPerYear:+0.##;-0.##}/yr" : "") +
        (Harmonics > 0 ? $", {Harmonics} harmonic{(Harmonics > 1 ? "s" : "")} γ {Seasonality:0.##}" : "") +
        (WeekdayEffect ? ", weekday effect" : "");

    public double MeanAt(DateOnly firstDate, int t)
    {
        var daysPerPoint = Frequency == SeriesFrequency.Daily ? 1 : 7;
        var days = (double)t * daysPerPoint;
        var years = days / 365.2425;
        var logMean = Math.Log(Mean) + TrendPerYear * years;
        var phase = 2.0 * Math.PI * (firstDate.DayOfYear - 1 + days) / 365.2425;
        for (var j = 1; j <= Harmonics; j++)
        {
            logMean += Seasonality * (Math.Cos(j * phase) + Math.Sin(j * phase));
        }

        var mean = Math.Exp(logMean);
        if (WeekdayEffect && Frequency == SeriesFrequency.Daily)
        {
            mean *= s_weekdayFactors[(int)(((long)firstDate.DayNumber + t) % 7)];
        }

        return mean;
    }

    private static double[] Normalise(double[] factors)
    {
        var mean = factors.Average();
        return [.. factors.Select(f => f / mean)];
    }
}
