using System.Buffers.Binary;
using Vigia.Alerting.V1;
using Vigia.Common.V1;
using Vigia.Ingestion.V1;
using Vigia.IntegrationTests.Support;
using Vigia.Testing;

namespace Vigia.IntegrationTests;

/// <summary>
/// `vigia plot` as an analyst runs it, a separate process against the embedded default: the June 2017
/// relatives series with the alert the shipped rule raised on it, written as a PNG.
/// </summary>
public sealed class PlotCommandTests : IAsyncLifetime
{
    private static readonly byte[] s_pngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "vigia-it-plot", Guid.NewGuid().ToString("N"));
    private PlatformProcesses? _platform;

    [Fact]
    public async Task Plot_June2017RelativesAfterTheirWave_WritesAPngOfTheRequestedSizeWithTheAlertMarked()
    {
        _platform = await PlatformProcesses.StartStandaloneAsync(Path.Combine(_directory, "data"));
        using var clients = new PlatformClients(_platform);
        var source = SampleReports.NewSource("plot");
        foreach (var (id, day, victims) in new[] { ("r-1", 10, 2), ("r-2", 11, 1) })
        {
            var answer = await clients.Ingestion.SubmitReportAsync(new SubmitReportRequest
            {
                Report = SampleReports.Homicide(source, id, new DateOnly(2017, 6, day), "SV-SM", VictimCategory.SecurityForceRelative, victims),
            });
            Assert.Equal(ReportStatus.Accepted, answer.Status);
        }

        await Eventually.ReachedAsync(
            "the June 2017 wave to open an alert",
            async () => (await clients.Alerting.ListAlertsAsync(new ListAlertsRequest())).Alerts.Count,
            count => count >= 1,
            TimeSpan.FromSeconds(60),
            count => $"{count} alerts",
            () => _platform.DescribeOutput());
        var image = Path.Combine(_directory, "relatives-june-2017.png");

        var run = await ServiceCommand.RunAsync("Vigia.Cli",
            ["plot", "--statistics", _platform.Statistics.ToString(), "--alerting", _platform.Alerting.ToString(),
             "--from", "2017-06-01", "--to", "2017-06-30", "--country", "SV", "--victim-category", "security_force_relative",
             "--measure", "victims", "--width", "900", "--height", "450", "-o", image],
            new Dictionary<string, string?> { ["VIGIA_TOKEN"] = _platform.BearerToken }, TimeSpan.FromMinutes(2), assemblyName: "vigia");

        Assert.True(run.ExitCode == 0, $"vigia plot failed ({run.ExitCode}):\n{run.Output}");
        Assert.Contains("30 points and 1 alerts drawn", run.Output, StringComparison.Ordinal);
        var (width, height) = PngSize(await File.ReadAllBytesAsync(image));
        Assert.Equal((900, 450), (width, height));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_platform is not null)
        {
            await _platform.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>A PNG's size from its header chunk, after checking the signature and that the file ends with IEND.</summary>
    private static (int Width, int Height) PngSize(byte[] png)
    {
        Assert.True(png.AsSpan(0, 8).SequenceEqual(s_pngSignature), "not a PNG: the signature is wrong");
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        Assert.Equal("IEND", System.Text.Encoding.ASCII.GetString(png, png.Length - 8, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
    }
}
