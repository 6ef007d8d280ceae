using System.Diagnostics;
using Grpc.Health.V1;
using Microsoft.Extensions.Logging;
using Vigia.Fuzz.Tests.Support;
using Vigia.Security.Tests;
using Vigia.Testing;
using Xunit.Abstractions;

namespace Vigia.Fuzz.Tests;

/// <summary>
/// Hostile requests for every RPC of the four services, on the embedded default's SQLite and on PostgreSQL, over real
/// HTTP/2 (Kestrel on a loopback port, as clients meet the services). A bounded
/// run in CI (<see cref="FuzzRun.RequestCount"/>); VIGIA_FUZZ_REQUESTS=100000 for the long one.
/// </summary>
public class FuzzTests(ITestOutputHelper output)
{
    // Fuzzing is not load: the submission rate limit would answer RESOURCE_EXHAUSTED before any check ran.
    private static readonly Dictionary<string, string?> s_unlimited = new()
    {
        ["Vigia:Limits:SubmissionsPerSecond"] = "1000000",
        ["Vigia:Limits:SubmissionBurst"] = "1000000",
        // Every rejected request would log a line: at 100,000 requests that costs the run more than the checks do.
        ["Logging:LogLevel:Default"] = "Warning",
    };

    [Fact]
    public async Task EveryRpc_HostileRequestsOnSqlite_NoInternalEveryRejectionNamedNothingLostHealthy()
    {
        await using var host = await AllServicesHost.StartAsync(s_unlimited, overSockets: true);
        await RunAsync(host);
    }

    [SkippableFact]
    public async Task EveryRpc_HostileRequestsOnPostgres_NoInternalEveryRejectionNamedNothingLostHealthy()
    {
        TestServers.RequirePostgres();
        var settings = new Dictionary<string, string?>(s_unlimited) { ["ConnectionStrings:postgres"] = await TestServers.CreateDatabaseAsync("fuzz") };
        await using var host = await AllServicesHost.StartAsync(settings, overSockets: true);
        await RunAsync(host);
    }

    private async Task RunAsync(InMemoryServiceHost host)
    {
        var serverErrors = new ServerErrors();
        host.GetRequiredService<ILoggerFactory>().AddProvider(serverErrors);
        // Standard output, not the test's output: that one is shown only when the test ends.
        var run = new FuzzRun(host.Channel, summary => Console.WriteLine($"{summary}\n{serverErrors.Summary()}"));
        var started = Stopwatch.StartNew();

        await using (var watch = new HostWatch(host))
        {
            try
            {
                await run.RunAsync(FuzzRun.RequestCount);
            }
            finally
            {
                // Also when CsCheck stops the run on an exception: what the services logged is the diagnosis.
                output.WriteLine($"{run.Outcomes.Requests:N0} requests, {FuzzRun.InFlight} in flight, in {started.Elapsed:hh\\:mm\\:ss}");
                output.WriteLine(run.Outcomes.Summary());
                output.WriteLine(serverErrors.Summary());
            }

            var notRecorded = await run.NotRecordedAsync(TimeSpan.FromSeconds(120));
            var health = await run.HealthAsync();
            await watch.DisposeAsync();

            output.WriteLine(watch.Summary());
            Assert.Empty(run.Outcomes.Failures);
            Assert.Empty(notRecorded);
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health);
            Assert.Empty(watch.Problems);
            Assert.True(watch.BackgroundServices > 0, "no background service was running to watch");
        }

        Assert.True(run.Outcomes.RejectedFields.Count > 20, "the generators reached too few checks to mean anything");
    }
}
