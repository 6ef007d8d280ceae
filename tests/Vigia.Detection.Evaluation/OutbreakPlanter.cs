using MathNet.Numerics.Distributions;
using Vigia.Detection;

namespace Vigia.Detection.Evaluation;

/// <summary>
/// Plants outbreaks the way Noufaily et al. (2013) do: a Poisson number of cases with mean k times the baseline standard
/// deviation at the start, either all on one point (a spike) or spread in time by a log-normal(0, 0.5) profile measured
/// in weeks (a wave: half the cases in the first week, most of the rest in the second), cut at two weeks.
/// </summary>
internal static class OutbreakPlanter
{
    /// <summary>Outbreak sizes in the evaluation window, in baseline standard deviations.</summary>
    public static readonly double[] EvaluationSizes = [1, 2, 3, 5, 10];

    /// <summary>Outbreak sizes planted in the history, which the baselines must shrug off.</summary>
    public static readonly double[] HistorySizes = [2, 3, 5, 10];

    /// <summary>Adds the outbreak's cases to <paramref name="counts"/>; null when the draw gives no cases at all.</summary>
    public static Outbreak? Plant(Random random, double[] counts, int start, double sizeSd, OutbreakKind kind, double baselineSd, SeriesFrequency frequency)
    {
        var cases = baselineSd > 0 ? Poisson.Sample(random, sizeSd * baselineSd) : 0;
        if (cases == 0)
        {
            return null;
        }

        var pointsPerWeek = frequency == SeriesFrequency.Daily ? 7 : 1;
        var maxOffset = 2 * pointsPerWeek - 1;
        var first = int.MaxValue;
        var last = int.MinValue;
        for (var c = 0; c < cases; c++)
        {
            var offset = 0;
            if (kind == OutbreakKind.Wave)
            {
                do
                {
                    offset = (int)Math.Floor(pointsPerWeek * LogNormal.Sample(random, 0.0, 0.5));
                }
                while (offset > maxOffset);
            }

            var t = Math.Min(start + offset, counts.Length - 1);
            counts[t]++;
            first = Math.Min(first, t);
            last = Math.Max(last, t);
        }

        return new Outbreak(first, last, sizeSd, kind, cases);
    }

    /// <summary>
    /// Plants the evaluation outbreaks: the window is cut into slots, one outbreak per slot, starting at a random point early
    /// enough to end inside it; sizes and kinds cycle so that every size appears as spike and as wave equally often.
    /// </summary>
    public static List<Outbreak> PlantEvaluationWindow(
        Random random, double[] counts, int evaluationStart, int slotLength, int seriesIndex, SeriesFrequency frequency, Func<int, double> baselineSd)
    {
        var outbreaks = new List<Outbreak>();
        var pointsPerWeek = frequency == SeriesFrequency.Daily ? 7 : 1;
        var slots = (counts.Length - evaluationStart) / slotLength;
        for (var s = 0; s < slots; s++)
        {
            var ordinal = seriesIndex * slots + s;
            var size = EvaluationSizes[ordinal % EvaluationSizes.Length];
            var kind = ordinal / EvaluationSizes.Length % 2 == 0 ? OutbreakKind.Spike : OutbreakKind.Wave;
            var slotStart = evaluationStart + s * slotLength;
            var start = slotStart + random.Next(0, Math.Max(1, slotLength - 2 * pointsPerWeek - pointsPerWeek));
            var outbreak = Plant(random, counts, start, size, kind, baselineSd(start), frequency);
            if (outbreak is not null)
            {
                outbreaks.Add(outbreak);
            }
        }

        return outbreaks;
    }
}
