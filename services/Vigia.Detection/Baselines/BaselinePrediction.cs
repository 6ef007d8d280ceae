namespace Vigia.Detection.Baselines;

/// <summary>The predictive distribution of one point: mean μ and variance φμ, φ including the uncertainty of the fit.</summary>
internal readonly record struct BaselinePrediction(double Mean, double Dispersion)
{
    public static readonly BaselinePrediction None = new(double.NaN, double.NaN);

    public bool IsAvailable => !double.IsNaN(Mean);

    public double StandardDeviation => Math.Sqrt(Mean * Math.Max(1.0, Dispersion));
}
