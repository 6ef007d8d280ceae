using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Vigia.Testing;

namespace Vigia.Fuzz.Tests.Support;

/// <summary>
/// Watches the in-process platform while a run goes on: health sampled every second must say SERVING, no background
/// service that was running at the start may stop, and the host may not begin to stop. The in-process counterpart of
/// "no service restarted": a background service that throws stops the host (the .NET default), and a stopped one
/// would be restarted by any orchestrator.
/// </summary>
public sealed class HostWatch : IAsyncDisposable
{
    private static readonly TimeSpan s_interval = TimeSpan.FromSeconds(1);

    private readonly Health.HealthClient _health;
    private readonly IReadOnlyList<BackgroundService> _running;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ConcurrentQueue<string> _problems = new();
    private readonly HashSet<BackgroundService> _reportedStopped = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private int _samples;
    private bool _stoppingReported;

    public HostWatch(InMemoryServiceHost host)
    {
        _health = new Health.HealthClient(host.Channel);
        _running = [.. host.Services.GetServices<IHostedService>().OfType<BackgroundService>().Where(s => s.ExecuteTask is { IsCompleted: false })];
        _lifetime = host.GetRequiredService<IHostApplicationLifetime>();
        _sampling = SampleAsync(_stop.Token);
    }

    public int Samples => _samples;
    public int BackgroundServices => _running.Count;

    /// <summary>Health answers other than SERVING, background services that stopped, the host stopping: each with when.</summary>
    public IReadOnlyCollection<string> Problems => _problems;

    public string Summary() =>
        $"health sampled {_samples:N0} times; background services watched: {_running.Count} ({string.Join(", ", _running.Select(s => s.GetType().Name).Distinct())}); "
        + $"problems: {(_problems.IsEmpty ? "none" : string.Join("; ", _problems))}";

    /// <summary>Stops sampling after one last sample; safe to call again.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }

    private async Task SampleAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            await SampleOnceAsync();
            try
            {
                await Task.Delay(s_interval, ct);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        // One more after the last request, so a run shorter than the interval is still checked.
        await SampleOnceAsync();
    }

    private async Task SampleOnceAsync()
    {
        Interlocked.Increment(ref _samples);
        try
        {
            var status = (await _health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(10))).Status;
            if (status != HealthCheckResponse.Types.ServingStatus.Serving)
            {
                _problems.Enqueue($"{DateTime.UtcNow:HH:mm:ss} health {status}");
            }
        }
        catch (RpcException ex)
        {
            _problems.Enqueue($"{DateTime.UtcNow:HH:mm:ss} health check failed: {ex.Status}");
        }

        foreach (var service in _running.Where(s => s.ExecuteTask!.IsCompleted && _reportedStopped.Add(s)))
        {
            _problems.Enqueue($"{DateTime.UtcNow:HH:mm:ss} {service.GetType().Name} stopped: {service.ExecuteTask!.Exception?.ToString() ?? "it returned"}");
        }

        if (_lifetime.ApplicationStopping.IsCancellationRequested && !_stoppingReported)
        {
            _stoppingReported = true;
            _problems.Enqueue($"{DateTime.UtcNow:HH:mm:ss} the host is stopping");
        }
    }
}
