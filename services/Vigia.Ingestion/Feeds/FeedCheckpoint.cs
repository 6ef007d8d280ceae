namespace Vigia.Ingestion.Feeds;

/// <summary>
/// Where a feed stands, kept in ingestion's database so a restart resumes: the source's own timestamp to read from next,
/// and how the last run went.
/// </summary>
public sealed class FeedCheckpoint
{
    /// <summary>The last_error column holds this many characters.</summary>
    public const int MaxErrorLength = 2000;

    /// <summary>The feed's configured name, e.g. "acled".</summary>
    public required string Feed { get; init; }

    /// <summary>The newest change timestamp (Unix seconds, the source's clock) of every record read so far.</summary>
    public long ChangesSince { get; set; }

    /// <summary>The newest deletion timestamp (Unix seconds, the source's clock) read so far; 0 before the first.</summary>
    public long DeletionsSince { get; set; }

    public DateTime? LastRunAt { get; set; }

    /// <summary>Records the last run read.</summary>
    public int LastRunRecords { get; set; }

    /// <summary>Why the last run failed; null when it succeeded.</summary>
    public string? LastError { get; set; }
}
