using System.Threading.RateLimiting;
using Microsoft.Extensions.Configuration;

namespace Vigia.ServiceDefaults.Limits;

/// <summary>
/// Per-caller limits, partitioned by the token's subject so one team's runaway script cannot starve
/// another: a token bucket on report submission (Vigia:Limits:SubmissionsPerSecond, burst
/// Vigia:Limits:SubmissionBurst) and a cap on the streams one caller holds open at once
/// (Vigia:Limits:StreamsPerCaller).
/// </summary>
public sealed class CallerLimits : IDisposable
{
    public const string SubmissionsPerSecondKey = "Vigia:Limits:SubmissionsPerSecond";
    public const string SubmissionBurstKey = "Vigia:Limits:SubmissionBurst";
    public const string StreamsPerCallerKey = "Vigia:Limits:StreamsPerCaller";

    /// <summary>The calls that submit reports; a bulk stream counts once, its batches are already bounded by message size.</summary>
    public static readonly IReadOnlySet<string> SubmissionMethods = new HashSet<string>(StringComparer.Ordinal)
    {
        "/vigia.ingestion.v1.IngestionService/SubmitReport",
        "/vigia.ingestion.v1.IngestionService/SubmitReports",
    };

    public CallerLimits(IConfiguration configuration)
    {
        var perSecond = configuration.GetValue(SubmissionsPerSecondKey, 200);
        var burst = configuration.GetValue(SubmissionBurstKey, 1000);
        var streams = configuration.GetValue(StreamsPerCallerKey, 32);
        Submissions = PartitionedRateLimiter.Create<string, string>(subject => RateLimitPartition.GetTokenBucketLimiter(subject, _ =>
            new TokenBucketRateLimiterOptions
            {
                TokenLimit = burst,
                TokensPerPeriod = perSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
        Streams = PartitionedRateLimiter.Create<string, string>(subject => RateLimitPartition.GetConcurrencyLimiter(subject, _ =>
            new ConcurrencyLimiterOptions { PermitLimit = streams, QueueLimit = 0 }));
    }

    public PartitionedRateLimiter<string> Submissions { get; }
    public PartitionedRateLimiter<string> Streams { get; }

    public void Dispose()
    {
        Submissions.Dispose();
        Streams.Dispose();
    }
}
