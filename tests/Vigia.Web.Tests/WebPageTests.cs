using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Vigia.Common.V1;
using Vigia.Ingestion.V1;
using Vigia.Testing;

namespace Vigia.Web.Tests;

/// <summary>
/// The embedded default as a user runs it, with its web page on an HTTP/1.1 port: the page in headless Chromium shows
/// the June 2017 series and a live alert when a wave of killings of relatives of security forces is submitted; the
/// HTTP/JSON routes answer plain HTTP calls as the docs' curl examples make them; the development token goes only to a
/// page opened on localhost.
/// </summary>
public sealed class WebPageTests : IAsyncLifetime
{
    private static readonly string s_repository = RepositoryRoot();
    private static readonly int[] s_waveDays = [10, 10, 11];
    private static readonly string[] s_nodeLocations = ["/usr/bin/node", "/usr/local/bin/node"];
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "vigia-web-tests", Guid.NewGuid().ToString("N"));
    private PlatformProcesses _platform = null!;

    private Uri Web => _platform.WebPage!;

    public async Task InitializeAsync() => _platform = await PlatformProcesses.StartStandaloneAsync(_dataDirectory);

    public async Task DisposeAsync()
    {
        await _platform.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [SkippableFact]
    public async Task WebPage_InHeadlessChromium_ShowsTheSeriesThenALiveAlertAfterAWave()
    {
        var node = RequireBrowserTooling();
        // VIGIA_WEB_SCREENSHOT=$PWD/docs/images/web-page.png regenerates the screenshot in docs/analysis.md.
        var screenshot = Environment.GetEnvironmentVariable("VIGIA_WEB_SCREENSHOT") is { Length: > 0 } kept
            ? Path.GetFullPath(kept)
            : Path.Combine(Path.GetTempPath(), $"vigia-web-page-{Guid.NewGuid():N}.png");
        var start = new ProcessStartInfo(node)
        {
            WorkingDirectory = s_repository,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { Path.Combine(s_repository, "tests", "Vigia.Web.Tests", "Browser", "page-check.mjs"), Web.ToString(), screenshot, "30" })
        {
            start.ArgumentList.Add(argument);
        }

        using var browser = Process.Start(start)!;
        var errors = browser.StandardError.ReadToEndAsync();
        var steps = new List<JsonElement>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        while (await browser.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            var step = JsonDocument.Parse(line).RootElement;
            steps.Add(step);
            if (step.GetProperty("step").GetString() == "READY")
            {
                await SubmitWaveAsync();
            }
        }

        await browser.WaitForExitAsync(timeout.Token);
        var transcript = $"browser steps: {string.Join(" | ", steps)}\nstderr: {await errors}\n{_platform.DescribeOutput()}";
        Assert.True(browser.ExitCode == 0, transcript);
        var ready = steps.Single(s => s.GetProperty("step").GetString() == "READY");
        var alert = steps.Single(s => s.GetProperty("step").GetString() == "ALERT");
        Assert.Equal(30, ready.GetProperty("points").GetInt32());
        Assert.StartsWith("opened security-force-relatives-killed", alert.GetProperty("feed").GetString(), StringComparison.Ordinal);
        Assert.True(alert.GetProperty("shaded").GetInt32() >= 1, transcript);
        Assert.True(new FileInfo(screenshot).Length > 10_000, "the screenshot should have been written");
        Assert.DoesNotContain(steps, s => s.GetProperty("step").GetString() == "pageerror");
    }

    [Fact]
    public async Task JsonEndpoint_PlainHttp11PostOnTheWebPort_ReturnsASeries()
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Web, "v1/statistics:getTimeSeries"))
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new StringContent(
                """{"measure":"MEASURE_VICTIMS","granularity":"GRANULARITY_MONTH","period":{"startDate":{"year":2017,"month":1,"day":1},"endDate":{"year":2017,"month":12,"day":31}}}""",
                Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _platform.BearerToken);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var series = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("series").EnumerateArray().Single();
        Assert.Equal("all", series.GetProperty("key").GetString());
        Assert.Equal(12, series.GetProperty("points").GetArrayLength());
    }

    [Fact]
    public async Task JsonEndpoint_AsTheReadmeCurlCallsIt_Http2PriorKnowledgeGetReturnsASeries()
    {
        // curl --http2-prior-knowledge -H "authorization: Bearer $VIGIA_TOKEN" 'http://localhost:5103/v1/statistics/time-series?...'
        using var http = new HttpClient();
        var query = "measure=MEASURE_VICTIMS&granularity=GRANULARITY_MONTH&selector.victimCategories=VICTIM_CATEGORY_SECURITY_FORCE_RELATIVE"
            + "&period.startDate.year=2017&period.startDate.month=1&period.startDate.day=1&period.endDate.year=2017&period.endDate.month=12&period.endDate.day=31";
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_platform.Statistics, $"v1/statistics/time-series?{query}"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _platform.BearerToken);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var series = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("series").EnumerateArray().Single();
        Assert.Equal(12, series.GetProperty("points").GetArrayLength());
    }

    [Fact]
    public async Task DevToken_FromLocalhost_IsTheStandalonesTokenAndRefusedUnderAnotherHostName()
    {
        using var http = new HttpClient();

        var local = await http.GetStringAsync(new Uri(Web, "web/dev-token"));
        using var rebound = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{Web.Port}/web/dev-token"));
        rebound.Headers.Host = $"attacker.example:{Web.Port}";
        using var refused = await http.SendAsync(rebound);
        using var crossSite = new HttpRequestMessage(HttpMethod.Get, new Uri(Web, "web/dev-token"));
        crossSite.Headers.Add("Sec-Fetch-Site", "cross-site");
        using var refusedCrossSite = await http.SendAsync(crossSite);

        Assert.Equal(_platform.BearerToken, local);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refusedCrossSite.StatusCode);
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task AlertRelay_WithoutToken_Unauthorized()
    {
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(Web, "web/alerts"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    /// <summary>Three killings of relatives of security forces within two days, nationwide: the shipped rule's wave.</summary>
    private async Task SubmitWaveAsync()
    {
        using var channel = _platform.CreateChannel(_platform.Ingestion);
        var ingestion = new IngestionService.IngestionServiceClient(channel);
        var source = $"web-test-{Guid.NewGuid():N}"[..20];
        foreach (var (day, index) in s_waveDays.Select((d, i) => (d, i)))
        {
            var answer = await ingestion.SubmitReportAsync(new SubmitReportRequest
            {
                Report = new Report
                {
                    Source = source,
                    SourceRecordId = $"relatives-{index}",
                    PublishedAt = Timestamp.FromDateTime(new DateTime(2017, 6, day, 18, 0, 0, DateTimeKind.Utc)),
                    OccurredOn = new Google.Type.Date { Year = 2017, Month = 6, Day = day },
                    DatePrecision = DatePrecision.Day,
                    Place = new Place { CountryCode = "SV", Admin1 = "SV-SM" },
                    IncidentType = IncidentType.Homicide,
                    Victims = { new Victims { Category = VictimCategory.SecurityForceRelative, Count = 1 } },
                    Perpetrator = "MS-13",
                },
            });
            Assert.Equal(ReportStatus.Accepted, answer.Status);
        }
    }

    /// <summary>
    /// Node, playwright-core (npm ci in the repository) and Chromium (Debian's chromium package): the test is skipped
    /// loudly without them locally, and fails in CI, which installs them (.ci/run).
    /// </summary>
    private static string RequireBrowserTooling()
    {
        var chromium = Environment.GetEnvironmentVariable("VIGIA_CHROMIUM") ?? "/usr/bin/chromium";
        var node = s_nodeLocations.FirstOrDefault(File.Exists);
        var playwright = Path.Combine(s_repository, "node_modules", "playwright-core", "package.json");
        var missing = new[] { (File.Exists(chromium), $"Chromium at {chromium} (apt-get install chromium)"), (node is not null, "node"), (File.Exists(playwright), "playwright-core (npm ci)") }
            .Where(x => !x.Item1).Select(x => x.Item2).ToList();
        if (missing.Count > 0 && TestServers.InCi)
        {
            throw new InvalidOperationException($"CI=true and the browser test lacks {string.Join(", ", missing)}; .ci/run installs them.");
        }

        Skip.If(missing.Count > 0, $"SKIPPED LOUDLY: the browser test needs {string.Join(", ", missing)}. Run `bash .ci/run --servers-only` and `npm ci`.");
        return node!;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Directory.Packages.props")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No repository root (Directory.Packages.props) above {AppContext.BaseDirectory}.");
    }
}
