using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Vigia.Testing;

/// <summary>
/// One service running as its own operating-system process (<c>dotnet &lt;service&gt;.dll</c>), with
/// its output kept for diagnostics and its peak resident memory read from /proc. It can be stopped
/// and started again on the same ports, so a test can take a service down and bring it back.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private const int KeptOutputLines = 400;

    /// <summary>A folder to write every service's whole output to (one file per service), for a run worth reading afterwards.</summary>
    private static readonly string? s_logDirectory = Environment.GetEnvironmentVariable("VIGIA_TEST_LOG_DIR") is { Length: > 0 } dir ? dir : null;

    private readonly string _assemblyPath;
    private readonly IReadOnlyDictionary<string, string?> _environment;
    private readonly Func<HttpMessageHandler>? _transport;
    private readonly Queue<string> _output = new();
    private readonly Lock _outputLock = new();
    private long _peakMemoryBytes;

    /// <param name="transport">How to reach the readiness addresses (e.g. trusting a test certificate); sockets' defaults when null.</param>
    internal ServiceProcess(
        string name, string assemblyPath, IReadOnlyList<Uri> readinessAddresses, IReadOnlyDictionary<string, string?> environment,
        Func<HttpMessageHandler>? transport = null)
    {
        _transport = transport;
        Name = name;
        _assemblyPath = assemblyPath;
        ReadinessAddresses = readinessAddresses;
        _environment = environment;
    }

    /// <summary>The service's name: "ingestion", "registry", "statistics", "alerting" or "standalone".</summary>
    public string Name { get; }

    /// <summary>The process while it runs; null before the first start and after a stop.</summary>
    public Process? Process { get; private set; }

    public bool IsRunning => Process is { HasExited: false };

    /// <summary>The addresses whose grpc.health.v1 check must answer SERVING before the service counts as started.</summary>
    public IReadOnlyList<Uri> ReadinessAddresses { get; }

    /// <summary>
    /// The most resident memory the process has used (VmHWM), in bytes; over restarts, the largest of
    /// the runs. Zero where /proc is not available.
    /// </summary>
    public long PeakMemoryBytes
    {
        get
        {
            SamplePeakMemory();
            return Interlocked.Read(ref _peakMemoryBytes);
        }
    }

    /// <summary>The last lines the process wrote to stdout and stderr, oldest first.</summary>
    public string OutputTail(int lines = 80)
    {
        lock (_outputLock)
        {
            return string.Join('\n', _output.Skip(Math.Max(0, _output.Count - lines)));
        }
    }

    /// <summary>Launches the process and waits until every readiness address reports SERVING.</summary>
    public Task StartAsync(TimeSpan readinessTimeout, CancellationToken ct = default) => StartAsync(readinessTimeout, overrides: null, ct);

    /// <inheritdoc cref="StartAsync(TimeSpan, CancellationToken)"/>
    /// <param name="overrides">Environment variables for this run only, over the service's own (a faked clock, say); null removes one.</param>
    public async Task StartAsync(TimeSpan readinessTimeout, IReadOnlyDictionary<string, string?>? overrides, CancellationToken ct = default)
    {
        if (IsRunning)
        {
            throw new InvalidOperationException($"{Name} is already running (pid {Process!.Id}).");
        }

        var startInfo = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(_assemblyPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(_assemblyPath);
        foreach (var (key, value) in _environment.Concat(overrides ?? new Dictionary<string, string?>()))
        {
            if (value is null)
            {
                startInfo.Environment.Remove(key);
            }
            else
            {
                startInfo.Environment[key] = value;
            }
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        Keep($"--- starting {Name}: dotnet {_assemblyPath}");
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Process = process;

        try
        {
            await WaitUntilServingAsync(process, readinessTimeout, ct);
        }
        catch
        {
            await StopAsync();
            throw;
        }
    }

    /// <summary>
    /// Kills the process and everything it started, the way a crash or an OOM kill would end it (no
    /// graceful shutdown): what a service promises to keep must already be on disk.
    /// </summary>
    public async Task StopAsync()
    {
        var process = Process;
        if (process is null)
        {
            return;
        }

        SamplePeakMemory();
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await process.WaitForExitAsync(timeout.Token);
            Keep($"--- {Name} stopped (exit code {process.ExitCode})");
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException)
        {
            Keep($"--- {Name} did not stop cleanly: {ex.Message}");
        }
        finally
        {
            process.Dispose();
            Process = null;
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    /// <summary>Another process of this service, configured the same but listening on <paramref name="address"/>: a replica.</summary>
    internal ServiceProcess Replica(string name, Uri address) => new(
        name,
        _assemblyPath,
        [address],
        new Dictionary<string, string?>(_environment) { ["ASPNETCORE_URLS"] = address.ToString().TrimEnd('/') },
        _transport);

    public override string ToString() => $"{Name} (pid {Process?.Id.ToString(CultureInfo.InvariantCulture) ?? "-"})";

    private async Task WaitUntilServingAsync(Process process, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        foreach (var address in ReadinessAddresses)
        {
            var last = "no answer yet";
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                if (process.HasExited)
                {
                    throw new InvalidOperationException(
                        $"{Name} exited with code {process.ExitCode} before it was ready at {address}.\n" +
                        $"--- last output of {Name}:\n{OutputTail()}");
                }

                try
                {
                    // A fresh channel per attempt: a channel that failed to connect backs off for longer
                    // and longer, and would notice the service late.
                    using var channel = _transport is null
                        ? GrpcChannel.ForAddress(address)
                        : GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = _transport(), DisposeHttpClient = true });
                    var reply = await new Health.HealthClient(channel).CheckAsync(
                        new HealthCheckRequest { Service = "" },
                        deadline: DateTime.UtcNow.AddSeconds(5),
                        cancellationToken: ct);
                    if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                    {
                        break;
                    }

                    last = $"health status {reply.Status}";
                }
                catch (RpcException ex)
                {
                    last = $"{ex.StatusCode}: {ex.Status.Detail}";
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException(
                        $"{Name} was not SERVING at {address} within {timeout.TotalSeconds:0} s (last: {last}).\n" +
                        $"--- last output of {Name}:\n{OutputTail()}");
                }

                await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
            }
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_outputLock)
        {
            if (s_logDirectory is not null)
            {
                Directory.CreateDirectory(s_logDirectory);
                File.AppendAllLines(Path.Combine(s_logDirectory, $"{Name}.log"), [line]);
            }

            _output.Enqueue(line);
            while (_output.Count > KeptOutputLines)
            {
                _output.Dequeue();
            }
        }
    }

    private void SamplePeakMemory()
    {
        var process = Process;
        if (process is null)
        {
            return;
        }

        try
        {
            // VmHWM is the kernel's own high-water mark of the resident set, so one late reading is
            // the peak of the whole run.
            foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var kilobytes = long.Parse(
                        line["VmHWM:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(),
                        CultureInfo.InvariantCulture);
                    var bytes = kilobytes * 1024;
                    long current;
                    do
                    {
                        current = Interlocked.Read(ref _peakMemoryBytes);
                    }
                    while (bytes > current && Interlocked.CompareExchange(ref _peakMemoryBytes, bytes, current) != current);
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or FormatException)
        {
            // The process is gone or /proc is not there (not Linux): keep what was read before.
        }
    }
}
