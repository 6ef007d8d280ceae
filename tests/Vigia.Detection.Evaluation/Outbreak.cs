namespace Vigia.Detection.Evaluation;

/// <summary>The shape of a planted outbreak.</summary>
internal enum OutbreakKind
{
    /// <summary>All cases on one point (a day, or a week of a weekly series).</summary>
    Spike,

    /// <summary>Cases spread over up to two weeks with Noufaily et al.'s log-normal profile.</summary>
    Wave,
}

/// <summary>A planted outbreak: its first and last point with cases, its size in baseline standard deviations, its cases.</summary>
internal sealed record Outbreak(int Start, int End, double SizeSd, OutbreakKind Kind, int Cases);
