namespace Vigia.LoadTool;

/// <summary>What one run measures, as the command line gave it.</summary>
public sealed record LoadToolOptions
{
    public const string Embedded = "embedded";
    public const string RabbitMqPostgres = "rabbitmq-postgres";

    public required string Target { get; init; }
    public required int Reports { get; init; }
    public required int Batch { get; init; }
    public required int Waves { get; init; }
    public required int Days { get; init; }
    public required int Warmup { get; init; }

    /// <summary>Live waves (one SubmitReport per report) sent during the bulk load, as many again on the idle platform, and as many with each report alone on it.</summary>
    public required int LiveWaves { get; init; }
    public required int Seed { get; init; }
    public required string RabbitMqUri { get; init; }
    public required string PostgresConnectionString { get; init; }
    public Uri? Ingestion { get; init; }
    public Uri? Registry { get; init; }
    public Uri? Statistics { get; init; }
    public Uri? Alerting { get; init; }
    public required bool MeasureLimits { get; init; }
    public required bool MeasurePlatform { get; init; }
    public required TimeSpan SettleTimeout { get; init; }
    public required TimeSpan AlertTimeout { get; init; }
    public string? MarkdownPath { get; init; }

    /// <summary>The query-latency mode: fill a store of <see cref="QueryIncidents"/> incidents and time the analyst's queries.</summary>
    public bool Queries { get; init; }
    public int QueryIncidents { get; init; } = 1_000_000;
    public int QueryYears { get; init; } = 10;
    public int QueryCalls { get; init; } = 200;

    /// <summary>The command that reproduces the run, for the report.</summary>
    public required string CommandLine { get; init; }

    public bool Attached => Ingestion is not null;
}
