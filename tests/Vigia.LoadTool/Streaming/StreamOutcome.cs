using System.Diagnostics;

namespace Vigia.LoadTool.Streaming;

/// <summary>
/// What one SubmitReports stream came to: when it started, when each batch was answered (its records
/// accepted), and how the records were judged.
/// </summary>
public sealed record StreamOutcome(
    long StartedAt,
    DateTime StartedAtUtc,
    IReadOnlyList<long> AnsweredAt,
    int Records,
    int Accepted,
    int Duplicates,
    int Rejected,
    string? FirstRejection)
{
    public long LastAnsweredAt => AnsweredAt.Count > 0 ? AnsweredAt[^1] : StartedAt;

    /// <summary>First write to the last batch's answer.</summary>
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(StartedAt, LastAnsweredAt);

    public double RecordsPerSecond => Records / Elapsed.TotalSeconds;
}
