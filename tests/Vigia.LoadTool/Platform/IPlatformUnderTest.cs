namespace Vigia.LoadTool.Platform;

/// <summary>The running platform the tool drives: where its services answer, and what they weigh.</summary>
public interface IPlatformUnderTest : IAsyncDisposable
{
    /// <summary>In words, for the report: "embedded default (one process, in-memory bus, SQLite)".</summary>
    string Description { get; }

    Uri Ingestion { get; }

    /// <summary>Where the registry answers; only used to see where the time went, so it may be unknown when attached.</summary>
    Uri? Registry { get; }

    Uri Statistics { get; }

    Uri Alerting { get; }

    /// <summary>The token the tool's calls carry (every scope the workload needs); null sends none.</summary>
    string? BearerToken { get; }

    /// <summary>Each service process's peak resident memory so far (VmHWM); empty when the tool did not start them.</summary>
    IReadOnlyList<ProcessPeakMemory> PeakMemory();

    /// <summary>
    /// Each service process's CPU time so far (user + system); empty when the tool did not start them. On a machine
    /// shared with other work, CPU time per report moves far less than wall-clock rates do.
    /// </summary>
    IReadOnlyList<ProcessCpuTime> CpuTime();
}

public sealed record ProcessPeakMemory(string Process, long Bytes);

public sealed record ProcessCpuTime(string Process, TimeSpan Used);
