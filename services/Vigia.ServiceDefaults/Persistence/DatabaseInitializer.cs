using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Vigia.ServiceDefaults.Delivery;

namespace Vigia.ServiceDefaults.Persistence;

/// <summary>
/// Before the service serves: applies its schema (the embedded default and development, where no one
/// runs a migrate step) or, with Vigia:Database:ApplyAtStartup=false as on Kubernetes, only checks it
/// is there and refuses to start otherwise. Either way it waits for the database server to come up.
/// </summary>
public sealed class DatabaseInitializer(
    IEnumerable<ISchemaMigrator> migrators, IConfiguration configuration, ILogger<DatabaseInitializer> logger) : IHostedService
{
    public const string ApplyAtStartupKey = "Vigia:Database:ApplyAtStartup";

    private static readonly ResiliencePipeline s_retry = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            // EF wraps a refused connection in its own exceptions: the one classification sees through them.
            ShouldHandle = new PredicateBuilder().Handle<Exception>(TransientFailures.IsTransient),
            MaxRetryAttempts = 30,
            Delay = TimeSpan.FromSeconds(1),
            BackoffType = DelayBackoffType.Constant,
        })
        .Build();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var apply = configuration.GetValue(ApplyAtStartupKey, true);
        foreach (var migrator in migrators)
        {
            await s_retry.ExecuteAsync(
                async ct =>
                {
                    if (apply)
                    {
                        await migrator.ApplyAsync(ct);
                    }
                    else
                    {
                        await migrator.VerifyAsync(ct);
                    }
                }, cancellationToken);
            logger.LogInformation("Database for {Schema} is ready", migrator.Schema);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
