using Microsoft.Extensions.Configuration;

namespace Vigia.ServiceDefaults.Limits;

/// <summary>
/// How long one stream of the RPC table (SubmitReports, WatchIncidents, SubscribeAlerts) may live, and how long it may
/// carry nothing either way, before the server ends it (<see cref="StreamLimitsInterceptor"/>): a forgotten stream
/// would otherwise hold one of its caller's stream slots (<see cref="CallerLimits"/>) for as long as the connection lives.
/// </summary>
public sealed class StreamLimits
{
    public const string LifetimeKey = "Vigia:Limits:StreamLifetime";
    public const string IdleTimeoutKey = "Vigia:Limits:StreamIdleTimeout";

    public StreamLimits(IConfiguration configuration)
    {
        Lifetime = Positive(configuration.GetValue(LifetimeKey, TimeSpan.FromHours(24)), LifetimeKey);
        IdleTimeout = Positive(configuration.GetValue(IdleTimeoutKey, TimeSpan.FromMinutes(15)), IdleTimeoutKey);
    }

    /// <summary>The longest a stream stays open, busy or not.</summary>
    public TimeSpan Lifetime { get; }

    /// <summary>The longest a stream stays open without a message in either direction.</summary>
    public TimeSpan IdleTimeout { get; }

    private static TimeSpan Positive(TimeSpan value, string key) =>
        value > TimeSpan.Zero ? value : throw new InvalidOperationException($"{key} must be a positive time span such as 00:15:00 (was {value}).");
}
