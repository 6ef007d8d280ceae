using System.Diagnostics;
using System.Text.Json;
using Vigia.Testing;

namespace Vigia.Fuzz.Tests;

/// <summary>
/// A request with thousands of bad entries, sent by grpc-js (npm @grpc/grpc-js, installed by `npm ci`) to the
/// embedded default running as a process: its INVALID_ARGUMENT must arrive, which it did not while the error details
/// listed every violation (a trailer over 64 KiB that standard clients drop, so the call just timed out).
/// </summary>
public sealed class GrpcJsClientTests : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "vigia-grpcjs", Guid.NewGuid().ToString("N"));
    private PlatformProcesses? _platform;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_platform is not null)
        {
            await _platform.DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task EvaluateIntervention_FiveThousandBadEntriesFromGrpcJs_InvalidArgumentArrivesWithSmallDetails()
    {
        var root = PlatformProcesses.RepositoryRoot();
        var grpcJs = Path.Combine(root, "node_modules", "@grpc", "grpc-js");
        Skip.IfNot(Directory.Exists(grpcJs) || TestServers.InCi, $"grpc-js is not installed ({grpcJs}): run npm ci at the repository root");
        _platform = await PlatformProcesses.StartStandaloneAsync(_dataDirectory);
        var request = new
        {
            treated_places = new[] { "SV-SS" },
            control_places = Enumerable.Repeat("", 5000),
            start_date = new { year = 2017, month = 6, day = 1 },
            measure = "MEASURE_INCIDENTS",
            period = new { start_date = new { year = 2016, month = 1, day = 1 }, end_date = new { year = 2017, month = 12, day = 31 } },
            granularity = "GRANULARITY_MONTH",
        };

        var answer = await RunNodeAsync(
            root,
            Path.Combine(AppContext.BaseDirectory, "GrpcJs", "evaluate-intervention.js"),
            $"127.0.0.1:{_platform.Statistics.Port}",
            _platform.BearerToken,
            Path.Combine(root, "protos"),
            Path.Combine(root, "node_modules", "google-proto-files"),
            JsonSerializer.Serialize(request));

        Assert.Equal(3, answer.GetProperty("code").GetInt32()); // INVALID_ARGUMENT
        var detailsBytes = answer.GetProperty("detailsBytes").GetInt32();
        Assert.InRange(detailsBytes, 1, 32 * 1024);
        Assert.True(answer.GetProperty("message").GetString()!.Length <= 300);
    }

    private static async Task<JsonElement> RunNodeAsync(string workingDirectory, string script, params string[] arguments)
    {
        var start = new ProcessStartInfo("node") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // grpc-js is found from the repository's node_modules, whatever folder the script was copied to.
        start.Environment["NODE_PATH"] = Path.Combine(workingDirectory, "node_modules");
        using var node = Process.Start(start)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await node.WaitForExitAsync(timeout.Token);
        Assert.True(node.ExitCode == 0, $"node exited with {node.ExitCode}: {await errors}");
        return JsonDocument.Parse((await output).Trim()).RootElement;
    }
}
