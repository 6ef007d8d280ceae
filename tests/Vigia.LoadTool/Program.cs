using System.CommandLine;
using Vigia.LoadTool;
using Vigia.Testing;

var target = new Option<string>("--target") { Description = "What to start and measure", DefaultValueFactory = _ => LoadToolOptions.Embedded };
target.AcceptOnlyFromAmong(LoadToolOptions.Embedded, LoadToolOptions.RabbitMqPostgres);
var reports = Positive(new Option<int>("--reports") { Description = "How many reports to stream", DefaultValueFactory = _ => 20_000 });
var batch = Positive(new Option<int>("--batch") { Description = "Reports per SubmitReports message (ingestion takes at most 5,000)", DefaultValueFactory = _ => 500 });
var waves = new Option<int>("--waves") { Description = "Waves of killings of relatives of security forces to plant, one per chosen batch", DefaultValueFactory = _ => 20 };
var days = Positive(new Option<int>("--days") { Description = "Days the reports are spread over, ending yesterday", DefaultValueFactory = _ => 365 });
var warmup = new Option<int>("--warmup") { Description = "Reports sent first, dated before the measured period, to warm the platform up (0: none)", DefaultValueFactory = _ => 2_000 };
// The live waves are homicides of prison officers under a rule of their own, so they leave the planted waves' figures alone.
var live = new Option<int>("--live") { Description = "Waves of live reports (prison officers killed, a rule of their own), sent one SubmitReport at a time during the bulk load, as many again on the idle platform after it, and as many again with each report alone on it (0: none)", DefaultValueFactory = _ => 10 };
var seed = new Option<int>("--seed") { Description = "Seed of the generated reports", DefaultValueFactory = _ => 7 };
var rabbitMq = new Option<string>("--rabbitmq") { Description = "RabbitMQ URI, for the rabbitmq-postgres target and the raw publish limit", DefaultValueFactory = _ => TestServers.RabbitMqUri };
var postgres = new Option<string>("--postgres") { Description = "PostgreSQL connection string; the rabbitmq-postgres target gets a fresh database on that server", DefaultValueFactory = _ => TestServers.PostgresConnectionString };
var ingestion = Address("--ingestion", "Attach to a running platform instead of starting one: the ingestion address (with --statistics and --alerting)");
var registry = Address("--registry", "The running platform's registry address (optional: shows when the registry recorded each incident)");
var statistics = Address("--statistics", "The running platform's statistics address");
var alerting = Address("--alerting", "The running platform's alerting address");
var noLimits = new Option<bool>("--no-limits") { Description = "Skip the physical limits (bare gRPC, PostgreSQL COPY, RabbitMQ)" };
var limitsOnly = new Option<bool>("--limits-only") { Description = "Measure only the physical limits" };
var settleTimeout = Positive(new Option<int>("--settle-timeout") { Description = "Seconds to wait for statistics to count every accepted report", DefaultValueFactory = _ => 600 });
var alertTimeout = Positive(new Option<int>("--alert-timeout") { Description = "Seconds to wait for the planted waves' alerts once statistics has settled", DefaultValueFactory = _ => 60 });
var markdown = new Option<string?>("--markdown") { Description = "Also write the Markdown tables to this file" };
var queries = new Option<bool>("--queries") { Description = "Query-latency mode: the four services on RabbitMQ + a fresh PostgreSQL database filled by COPY with --incidents incidents, then GetTimeSeries, ListIncidents and RankPlaces timed --calls times each (nothing is streamed)" };
var incidents = Positive(new Option<int>("--incidents") { Description = "Incidents in the query-latency store", DefaultValueFactory = _ => 1_000_000 });
var years = Positive(new Option<int>("--years") { Description = "Years the query-latency store spans, ending yesterday", DefaultValueFactory = _ => 10 });
var calls = Positive(new Option<int>("--calls") { Description = "Timed calls of each query in the query-latency mode", DefaultValueFactory = _ => 200 });

var root = new RootCommand(
    "Streams generated reports through the Vigia platform and reports end-to-end throughput, alert latency and peak memory, " +
    "beside the physical limits of the same records on this machine (bare gRPC, PostgreSQL binary COPY, RabbitMQ persistent publish).")
{
    target, reports, batch, waves, days, warmup, live, seed, rabbitMq, postgres, ingestion, registry, statistics, alerting,
    noLimits, limitsOnly, settleTimeout, alertTimeout, markdown, queries, incidents, years, calls,
};
root.Validators.Add(result =>
{
    var attach = new[] { result.GetValue(ingestion), result.GetValue(statistics), result.GetValue(alerting) };
    if (attach.Any(a => a is not null) && attach.Any(a => a is null))
    {
        result.AddError("Attaching needs all three of --ingestion, --statistics and --alerting.");
    }

    if (result.GetValue(batch) > 5_000)
    {
        result.AddError("--batch must be at most 5,000: ingestion refuses larger batches.");
    }

    if (result.GetValue(queries) && attach.Any(a => a is not null))
    {
        result.AddError("--queries starts its own platform on a fresh database: it cannot attach.");
    }

    if (result.GetValue(noLimits) && result.GetValue(limitsOnly))
    {
        result.AddError("--no-limits and --limits-only leave nothing to measure.");
    }
});

root.SetAction((parsed, cancellationToken) => LoadRun.RunAsync(new LoadToolOptions
{
    Target = parsed.GetValue(target)!,
    Reports = parsed.GetValue(reports),
    Batch = parsed.GetValue(batch),
    Waves = Math.Max(0, parsed.GetValue(waves)),
    Days = parsed.GetValue(days),
    Warmup = Math.Max(0, parsed.GetValue(warmup)),
    LiveWaves = Math.Max(0, parsed.GetValue(live)),
    Seed = parsed.GetValue(seed),
    RabbitMqUri = parsed.GetValue(rabbitMq)!,
    PostgresConnectionString = parsed.GetValue(postgres)!,
    Ingestion = parsed.GetValue(ingestion),
    Registry = parsed.GetValue(registry),
    Statistics = parsed.GetValue(statistics),
    Alerting = parsed.GetValue(alerting),
    MeasureLimits = !parsed.GetValue(noLimits),
    MeasurePlatform = !parsed.GetValue(limitsOnly),
    SettleTimeout = TimeSpan.FromSeconds(parsed.GetValue(settleTimeout)),
    AlertTimeout = TimeSpan.FromSeconds(parsed.GetValue(alertTimeout)),
    MarkdownPath = parsed.GetValue(markdown),
    Queries = parsed.GetValue(queries),
    QueryIncidents = parsed.GetValue(incidents),
    QueryYears = parsed.GetValue(years),
    QueryCalls = parsed.GetValue(calls),
    CommandLine = "dotnet run --project tests/Vigia.LoadTool -c Release -- " + string.Join(' ', args.Select(Quote)),
}, cancellationToken));

return await root.Parse(args).InvokeAsync();

static Option<int> Positive(Option<int> option)
{
    option.Validators.Add(result =>
    {
        if (result.GetValueOrDefault<int>() < 1)
        {
            result.AddError($"{option.Name} must be at least 1.");
        }
    });
    return option;
}

static Option<Uri?> Address(string name, string description) => new(name)
{
    Description = description,
    CustomParser = result =>
    {
        var text = result.Tokens.Single().Value;
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return uri;
        }

        result.AddError($"{name} must be an http:// address, e.g. http://localhost:5101 (was '{text}').");
        return null;
    },
};

static string Quote(string arg) => arg.Contains(' ', StringComparison.Ordinal) || arg.Contains(';', StringComparison.Ordinal) ? $"\"{arg}\"" : arg;
