namespace Vigia.Detection.Baselines;

/// <summary>
/// A fitted baseline: log E[block total] = intercept + trend + annual harmonics, fitted on blocks of one week
/// (a week is one point of a weekly series and seven of a daily one), times the weekday's share of the week for daily series.
/// </summary>
internal sealed class BaselineModel
{
    private readonly double[] _beta;
    private readonly bool _trend;
    private readonly int _harmonics;
    private readonly double _originDay;
    private readonly double[]? _covariance;
    private readonly double[] _logShares;
    private readonly double[] _logShareVariance;
    private readonly DateOnly _firstDate;
    private readonly SeriesFrequency _frequency;

    public BaselineModel(
        double[] beta,
        bool trend,
        int harmonics,
        double originDay,
        double[]? covariance,
        double[] logShares,
        double[] logShareVariance,
        double dispersion,
        DateOnly firstDate,
        SeriesFrequency frequency)
    {
        _beta = beta;
        _trend = trend;
        _harmonics = harmonics;
        _originDay = originDay;
        _covariance = covariance;
        _logShares = logShares;
        _logShareVariance = logShareVariance;
        Dispersion = dispersion;
        _firstDate = firstDate;
        _frequency = frequency;
    }

    /// <summary>φ of a single point, before the uncertainty of the fit is added.</summary>
    public double Dispersion { get; }

    public int ParameterCount => _beta.Length;

    public static int CountParameters(bool trend, int harmonics) => 1 + (trend ? 1 : 0) + 2 * harmonics;

    /// <summary>Fills the covariates of the block model at a day number.</summary>
    public static void Covariates(double dayNumber, double originDay, bool trend, int harmonics, Span<double> x)
    {
        var j = 0;
        x[j++] = 1.0;
        if (trend)
        {
            x[j++] = (dayNumber - originDay) / SeriesCalendar.DaysPerYear;
        }

        for (var h = 1; h <= harmonics; h++)
        {
            var angle = 2.0 * Math.PI * h * dayNumber / SeriesCalendar.DaysPerYear;
            x[j++] = Math.Cos(angle);
            x[j++] = Math.Sin(angle);
        }
    }

    /// <summary>
    /// Fills the n × p design of evenly spaced days (first, first + step, …); the harmonics advance by rotation, which keeps
    /// the fit free of per-row sines and cosines.
    /// </summary>
    public static void Design(double firstDay, double step, int n, double originDay, bool trend, int harmonics, Span<double> design)
    {
        var p = CountParameters(trend, harmonics);
        Span<double> cos = stackalloc double[harmonics];
        Span<double> sin = stackalloc double[harmonics];
        Span<double> stepCos = stackalloc double[harmonics];
        Span<double> stepSin = stackalloc double[harmonics];
        for (var h = 0; h < harmonics; h++)
        {
            var angle = 2.0 * Math.PI * (h + 1) * firstDay / SeriesCalendar.DaysPerYear;
            var stepAngle = 2.0 * Math.PI * (h + 1) * step / SeriesCalendar.DaysPerYear;
            (sin[h], cos[h]) = Math.SinCos(angle);
            (stepSin[h], stepCos[h]) = Math.SinCos(stepAngle);
        }

        for (var i = 0; i < n; i++)
        {
            var row = design.Slice(i * p, p);
            var j = 0;
            row[j++] = 1.0;
            if (trend)
            {
                row[j++] = (firstDay + i * step - originDay) / SeriesCalendar.DaysPerYear;
            }

            for (var h = 0; h < harmonics; h++)
            {
                row[j++] = cos[h];
                row[j++] = sin[h];
                var nextCos = cos[h] * stepCos[h] - sin[h] * stepSin[h];
                sin[h] = sin[h] * stepCos[h] + cos[h] * stepSin[h];
                cos[h] = nextCos;
            }
        }
    }

    public BaselinePrediction Predict(int t)
    {
        Span<double> x = stackalloc double[_beta.Length];
        Covariates(SeriesCalendar.DayNumber(_firstDate, t, _frequency), _originDay, _trend, _harmonics, x);
        var eta = PoissonRegression.Dot(x, _beta);
        var variance = 0.0;
        if (_covariance is not null)
        {
            for (var j = 0; j < x.Length; j++)
            {
                for (var k = 0; k < x.Length; k++)
                {
                    variance += x[j] * _covariance[j * x.Length + k] * x[k];
                }
            }
        }

        if (_frequency == SeriesFrequency.Daily)
        {
            var weekday = SeriesCalendar.Weekday(_firstDate, t);
            eta += _logShares[weekday];
            variance += _logShareVariance[weekday];
        }

        var mean = Math.Exp(eta);
        return new BaselinePrediction(mean, Dispersion + mean * variance);
    }
}
