using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Vigia.Testing;

/// <summary>
/// The Vigia platform as real processes: either the four services each in its own process on
/// RabbitMQ and PostgreSQL, or the embedded default (Vigia.Standalone) as one process. Ports are
/// free ones the OS hands out, never 5101–5104, so a developer's running platform does not collide.
/// The services must have been built (a test project references them with
/// <c>ReferenceOutputAssembly="false"</c>); their assemblies are found under artifacts/bin.
/// </summary>
public sealed class PlatformProcesses : IAsyncDisposable
{
    /// <summary>How long one service may take from launch to SERVING: four start at once on 2 cores, beside other test assemblies.</summary>
    public static readonly TimeSpan ReadinessTimeout = TimeSpan.FromSeconds(150);

    private static readonly (string Name, string Project)[] s_services =
    [
        ("ingestion", "Vigia.Ingestion"),
        ("registry", "Vigia.Registry"),
        ("statistics", "Vigia.Statistics"),
        ("alerting", "Vigia.Alerting"),
    ];

    private readonly Dictionary<string, ServiceProcess> _byName;
    private readonly List<ServiceProcess> _replicas = [];
    private TestCertificate? _tls;

    private PlatformProcesses(Uri ingestion, Uri registry, Uri statistics, Uri alerting, IReadOnlyList<ServiceProcess> processes)
    {
        Ingestion = ingestion;
        Registry = registry;
        Statistics = statistics;
        Alerting = alerting;
        Processes = processes;
        _byName = processes.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
    }

    public Uri Ingestion { get; }
    public Uri Registry { get; }
    public Uri Statistics { get; }
    public Uri Alerting { get; }

    /// <summary>The embedded default's web page and HTTP/JSON port (HTTP/1.1); null for the separate services.</summary>
    public Uri? WebPage { get; private set; }

    /// <summary>
    /// A token with every scope that the running platform accepts: minted with the test key for the
    /// separate services, the embedded default's own &lt;data dir&gt;/dev-token for the standalone.
    /// </summary>
    public string BearerToken { get; private set; } = "";

    /// <summary>A gRPC channel to <paramref name="address"/> whose calls carry <see cref="BearerToken"/>.</summary>
    public Grpc.Net.Client.GrpcChannel CreateChannel(Uri address) => CreateChannel(address, BearerToken);

    /// <summary>A gRPC channel to <paramref name="address"/> whose calls carry <paramref name="bearerToken"/> (one valid longer, say).</summary>
    public Grpc.Net.Client.GrpcChannel CreateChannel(Uri address, string bearerToken) => TestTokens.Channel(address, bearerToken, _tls?.CreateHandler());

    /// <summary>The running processes: four in the separate mode, one ("standalone") in the embedded default.</summary>
    public IReadOnlyList<ServiceProcess> Processes { get; }

    /// <summary>
    /// Starts the four services as separate processes on the given RabbitMQ and PostgreSQL (each
    /// service keeps its own schema in that database).
    /// </summary>
    public static Task<PlatformProcesses> StartSeparateAsync(
        string rabbitMqUri, string postgresConnectionString, CancellationToken ct = default) =>
        StartSeparateAsync(rabbitMqUri, postgresConnectionString, settings: null, ct);

    /// <inheritdoc cref="StartSeparateAsync(string, string, CancellationToken)"/>
    /// <param name="settings">Configuration for all four, as environment variables (e.g. <c>Vigia__Alerting__X</c>); null removes a variable.</param>
    public static Task<PlatformProcesses> StartSeparateAsync(
        string rabbitMqUri,
        string postgresConnectionString,
        IReadOnlyDictionary<string, string?>? settings,
        CancellationToken ct = default) =>
        StartSeparateAsync(rabbitMqUri, postgresConnectionString, settings, tls: null, ct);

    /// <inheritdoc cref="StartSeparateAsync(string, string, IReadOnlyDictionary{string, string?}, CancellationToken)"/>
    /// <param name="tls">
    /// The services that serve HTTP/2 over TLS with this certificate (the others stay h2c); every
    /// service, and the test's own channels, trust it.
    /// </param>
    public static Task<PlatformProcesses> StartSeparateAsync(
        string rabbitMqUri,
        string postgresConnectionString,
        IReadOnlyDictionary<string, string?>? settings,
        (TestCertificate Certificate, IReadOnlyCollection<string> Services)? tls,
        CancellationToken ct = default) =>
        StartSeparateAsync(rabbitMqUri, postgresConnectionString, settings, tls, startNow: null, ct);

    /// <summary>Creates the four services as separate processes and starts some of them (a fresh broker's topology, for one).</summary>
    /// <param name="startNow">The services to start now (all four when null); the others wait for <see cref="StartAsync(string, CancellationToken)"/>.</param>
    public static async Task<PlatformProcesses> StartSeparateAsync(
        string rabbitMqUri,
        string postgresConnectionString,
        IReadOnlyDictionary<string, string?>? settings,
        (TestCertificate Certificate, IReadOnlyCollection<string> Services)? tls,
        IReadOnlyCollection<string>? startNow,
        CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rabbitMqUri);
        ArgumentException.ThrowIfNullOrWhiteSpace(postgresConnectionString);
        var ports = FreePorts(s_services.Length);
        var addresses = s_services
            .Select((s, i) => (s.Name, Address: new Uri($"{(tls?.Services.Contains(s.Name) == true ? "https" : "http")}://127.0.0.1:{ports[i]}")))
            .ToDictionary(s => s.Name, s => s.Address);

        var processes = s_services.Select(service =>
        {
            var environment = BaseEnvironment();
            environment["ASPNETCORE_URLS"] = addresses[service.Name].ToString().TrimEnd('/');
            environment["ConnectionStrings__rabbitmq"] = rabbitMqUri;
            environment["ConnectionStrings__postgres"] = postgresConnectionString;
            environment["OTEL_SERVICE_NAME"] = service.Name;
            Apply(environment, TestTokens.ServiceEnvironment);
            if (tls is { } serving)
            {
                environment["Vigia__Tls__TrustedCertificateFile"] = serving.Certificate.PemPath;
                if (serving.Services.Contains(service.Name))
                {
                    environment["Kestrel__Certificates__Default__Path"] = serving.Certificate.PfxPath;
                    environment["Kestrel__Certificates__Default__Password"] = serving.Certificate.Password;
                }
            }

            foreach (var (name, address) in addresses)
            {
                environment[$"Services__{name}"] = address.ToString().TrimEnd('/');
            }

            Apply(environment, settings);
            return new ServiceProcess(
                service.Name, LocateAssembly(service.Project), [addresses[service.Name]], environment, tls is { } t ? t.Certificate.CreateHandler : null);
        }).ToList();

        var platform = new PlatformProcesses(
            addresses["ingestion"], addresses["registry"], addresses["statistics"], addresses["alerting"], processes)
        {
            BearerToken = TestTokens.AllScopes(),
            _tls = tls?.Certificate,
        };
        await platform.StartAllAsync(ct, startNow);
        return platform;
    }

    /// <summary>
    /// Starts the embedded default, Vigia.Standalone: one process, the in-process bus, SQLite files
    /// in <paramref name="dataDirectory"/>, each service on its own free port.
    /// </summary>
    public static Task<PlatformProcesses> StartStandaloneAsync(string dataDirectory, CancellationToken ct = default) =>
        StartStandaloneAsync(dataDirectory, settings: null, ct);

    /// <inheritdoc cref="StartStandaloneAsync(string, CancellationToken)"/>
    /// <param name="settings">Extra configuration, as environment variables; null removes a variable.</param>
    public static async Task<PlatformProcesses> StartStandaloneAsync(
        string dataDirectory,
        IReadOnlyDictionary<string, string?>? settings,
        CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        Directory.CreateDirectory(dataDirectory);
        // One port per service, and one for the web page, so standalones started side by side never collide.
        var ports = FreePorts(s_services.Length + 1);
        var addresses = ports.Take(s_services.Length).Select(p => new Uri($"http://127.0.0.1:{p}")).ToArray();

        var environment = BaseEnvironment();
        environment["Vigia__DataDirectory"] = Path.GetFullPath(dataDirectory);
        environment["Vigia__Ports__Web"] = ports[^1].ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["OTEL_SERVICE_NAME"] = "standalone";
        for (var i = 0; i < s_services.Length; i++)
        {
            environment[$"Vigia__Ports__{char.ToUpperInvariant(s_services[i].Name[0])}{s_services[i].Name[1..]}"] =
                ports[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        // The embedded default must never reach for servers a developer happens to have configured.
        environment["ConnectionStrings__rabbitmq"] = null;
        environment["ConnectionStrings__postgres"] = null;
        environment["ASPNETCORE_URLS"] = null;
        Apply(environment, settings);

        var standalone = new ServiceProcess("standalone", LocateAssembly("Vigia.Standalone"), addresses, environment);
        var platform = new PlatformProcesses(addresses[0], addresses[1], addresses[2], addresses[3], [standalone])
        {
            // localhost, not 127.0.0.1: the page hands its development token only to a loopback name.
            WebPage = new Uri($"http://localhost:{ports[^1]}/"),
        };
        await platform.StartAllAsync(ct);
        platform.BearerToken = (await File.ReadAllTextAsync(Path.Combine(dataDirectory, "dev-token"), ct)).Trim();
        return platform;
    }

    public ServiceProcess this[string serviceName] =>
        _byName.TryGetValue(serviceName, out var process)
            ? process
            : throw new ArgumentException(
                $"No process named '{serviceName}'; there are: {string.Join(", ", _byName.Keys)}.", nameof(serviceName));

    /// <summary>Kills one service's process (for outage tests); <see cref="StartAsync"/> brings it back on the same port.</summary>
    public Task StopAsync(string serviceName) => this[serviceName].StopAsync();

    /// <summary>Starts a stopped service again, on the same ports, and waits until it is SERVING.</summary>
    public Task StartAsync(string serviceName, CancellationToken ct = default) => this[serviceName].StartAsync(ReadinessTimeout, ct);

    /// <summary>Starts a stopped service again with <paramref name="overrides"/> over its environment for this run (a faked clock, say).</summary>
    public Task StartAsync(string serviceName, IReadOnlyDictionary<string, string?> overrides, CancellationToken ct = default) =>
        this[serviceName].StartAsync(ReadinessTimeout, overrides, ct);

    /// <summary>
    /// Every process's (or the named ones') last output lines, for assertion messages; long lines
    /// (a logged exception on one line) are cut so forty of them still read.
    /// </summary>
    public string DescribeOutput(params string[] serviceNames)
    {
        var selected = serviceNames.Length == 0 ? Processes : serviceNames.Select(n => this[n]);
        var text = new StringBuilder();
        foreach (var process in selected)
        {
            text.Append("\n--- last output of ").Append(process.Name)
                .Append(process.IsRunning ? " (running)" : " (stopped)").Append(":\n")
                .AppendJoin('\n', process.OutputTail(40).Split('\n').Select(line => line.Length > 400 ? line[..400] + " …" : line))
                .Append('\n');
        }

        return text.ToString();
    }

    /// <summary>
    /// Starts one more process of a running service on a free port of its own with the same configuration (the same
    /// database, queues and peers): a replica, named "&lt;service&gt;-2", "-3", …, stopped and started by that name.
    /// </summary>
    public async Task<(ServiceProcess Process, Uri Address)> StartReplicaAsync(string serviceName, CancellationToken ct = default)
    {
        var original = this[serviceName];
        var address = new Uri($"{original.ReadinessAddresses[0].Scheme}://127.0.0.1:{FreePorts(1)[0]}");
        var replica = original.Replica($"{serviceName}-{_replicas.Count(r => r.Name.StartsWith(serviceName + "-", StringComparison.Ordinal)) + 2}", address);
        _replicas.Add(replica);
        _byName[replica.Name] = replica;
        await replica.StartAsync(ReadinessTimeout, ct);
        return (replica, address);
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(Processes.Concat(_replicas).Select(p => p.StopAsync()));
    }

    private async Task StartAllAsync(CancellationToken ct, IReadOnlyCollection<string>? only = null)
    {
        var starts = Processes.Where(p => only is null || only.Contains(p.Name)).Select(p => p.StartAsync(ReadinessTimeout, ct)).ToList();
        try
        {
            await Task.WhenAll(starts);
        }
        catch
        {
            await DisposeAsync();
            var failures = starts.Where(t => t.IsFaulted).Select(t => t.Exception!.GetBaseException().Message);
            throw new InvalidOperationException("The platform did not start:\n" + string.Join("\n\n", failures));
        }
    }

    internal static Dictionary<string, string?> BaseEnvironment() => new(StringComparer.Ordinal)
    {
        ["DOTNET_ENVIRONMENT"] = "Development",
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        // Plain, uncoloured console lines read best in an assertion message.
        ["Logging__Console__FormatterName"] = "simple",
        ["Logging__Console__FormatterOptions__SingleLine"] = "true",
        ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
        ["Logging__Console__FormatterOptions__ColorBehavior"] = "Disabled",
        // Every SQL statement at Information would push what matters out of the kept output.
        ["Logging__LogLevel__Microsoft.EntityFrameworkCore"] = "Warning",
        ["DOTNET_NOLOGO"] = "1",
    };

    private static void Apply(Dictionary<string, string?> environment, IReadOnlyDictionary<string, string?>? settings)
    {
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            environment[key] = value;
        }
    }

    /// <summary>Distinct free loopback ports, all held until every one is chosen so none repeats.</summary>
    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }

    /// <summary>
    /// artifacts/bin/&lt;Project&gt;/&lt;configuration&gt;/&lt;Project&gt;.dll, preferring the configuration
    /// this test assembly was built in (debug or release), then the newest build.
    /// </summary>
    internal static string LocateAssembly(string project, string? assemblyName = null)
    {
        var assembly = (assemblyName ?? project) + ".dll";
        var root = RepositoryRoot();
        var projectBin = Path.Combine(root, "artifacts", "bin", project);
        var candidates = Directory.Exists(projectBin)
            ? Directory.GetDirectories(projectBin)
                .Select(dir => Path.Combine(dir, assembly))
                .Where(File.Exists)
                .ToList()
            : [];
        if (candidates.Count == 0)
        {
            throw new FileNotFoundException(
                $"{project} is not built: no {assembly} under {projectBin}. Build it with " +
                $"`dotnet build services/{project}` (a test project builds it by referencing it with ReferenceOutputAssembly=\"false\").");
        }

        var ownConfiguration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
        return candidates.FirstOrDefault(c => string.Equals(
                   new DirectoryInfo(Path.GetDirectoryName(c)!).Name, ownConfiguration, StringComparison.OrdinalIgnoreCase))
               ?? candidates.OrderByDescending(File.GetLastWriteTimeUtc).First();
    }

    /// <summary>The folder holding Platform.sln, above the test binaries or the working directory.</summary>
    public static string RepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Platform.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new DirectoryNotFoundException(
            $"Platform.sln not found above {AppContext.BaseDirectory} or {Environment.CurrentDirectory}.");
    }
}
