using System.Globalization;
using System.Text;
using Vigia.Cli.Import;
using Vigia.Cli.Tests.Support;
using Vigia.Ingestion.V1;

namespace Vigia.Cli.Tests.Import;

/// <summary>The documented CSV through ingestion: bad rows are rejected one by one, by line, into the rejects file.</summary>
public sealed class CsvImportTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vigia-cli-tests").FullName;

    /// <summary>Every 400th row is broken, in one of five ways: two the import catches, three ingestion does.</summary>
    private static readonly (string Field, Func<string[], string[]> Break)[] s_breakages =
    [
        ("report.place.admin1", row => With(row, 7, "Xyz")),
        ("report.occurred_on", row => With(row, 4, "2021-02-30")),
        ("victims", row => With(row, 10, "civil:dos")),
        ("incident_type", row => With(row, 9, "picnic")),
        ("report.occurred_on", row => With(row, 4, "2999-01-01")),
    ];

    [Fact]
    public async Task ImportRun_TenThousandRowsWith25Bad_RejectsExactlyThose25ByLineInTheRejectsFile()
    {
        var (path, badLines) = WriteCsv(10_000);
        await using var host = await PlatformHost.StartIngestionAsync();
        var client = new IngestionService.IngestionServiceClient(host.Channel);

        var summary = await ImportRun.RunAsync(client, new CsvReportFile(path).ReadRows());
        var rejectsPath = Path.Combine(_directory, "rejects.csv");
        RejectsFile.Write(rejectsPath, summary.Rejects);

        Assert.Equal(10_000, summary.Rows);
        Assert.Equal(9_975, summary.Accepted);
        Assert.Equal(25, summary.Rejected);
        var rejectLines = File.ReadLines(rejectsPath).Skip(1).Select(line => line.Split(',')).ToList();
        Assert.Equal(badLines.Keys.Order(), rejectLines.Select(cells => int.Parse(cells[0], CultureInfo.InvariantCulture)).Distinct().Order());
        Assert.All(rejectLines, cells => Assert.Equal(badLines[int.Parse(cells[0], CultureInfo.InvariantCulture)], cells[2]));
    }

    [Fact]
    public async Task ImportRun_SameCsvTwice_SecondRunIsAllDuplicate()
    {
        var (path, _) = WriteCsv(600);
        await using var host = await PlatformHost.StartIngestionAsync();
        var client = new IngestionService.IngestionServiceClient(host.Channel);

        var first = await ImportRun.RunAsync(client, new CsvReportFile(path).ReadRows());
        var second = await ImportRun.RunAsync(client, new CsvReportFile(path).ReadRows());

        Assert.Equal(first.Accepted, second.Duplicate);
        Assert.Equal(0, second.Accepted);
    }

    [Theory]
    [InlineData("reports.csv", 5)]
    [InlineData("reports.ndjson", 2)]
    public async Task ImportRun_ShippedSamples_AreAllAccepted(string sample, int reports)
    {
        var path = Path.Combine(RepositoryFiles.Root, "services", "Vigia.Cli", "samples", sample);
        await using var host = await PlatformHost.StartIngestionAsync();
        var client = new IngestionService.IngestionServiceClient(host.Channel);

        var summary = await ImportRun.RunAsync(client, ReportFiles.Open(path, layoutPath: null).ReadRows());

        Assert.Empty(summary.Rejects);
        Assert.Equal(reports, summary.Accepted);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>A CSV of good rows, every 400th one broken; returns the broken rows' line numbers and the field each names.</summary>
    private (string Path, Dictionary<int, string> BadLines) WriteCsv(int rows)
    {
        var text = new StringBuilder(string.Join(',', ReportFields.CsvColumns)).Append('\n');
        var badLines = new Dictionary<int, string>();
        var day = new DateOnly(2020, 1, 1);
        for (var i = 0; i < rows; i++)
        {
            string[] row =
            [
                "csv-test", $"r{i}", "", "", day.AddDays(i % 365).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "DAY", "SV",
                "Dpto. de San Miguel", "", "homicidio", "civil:1;policía:1", "MS-13", "", "es",
            ];
            if (i % 400 == 7)
            {
                var (field, breakRow) = s_breakages[i / 400 % s_breakages.Length];
                row = breakRow(row);
                badLines[i + 2] = field;
            }

            text.AppendJoin(',', row).Append('\n');
        }

        var path = Path.Combine(_directory, $"reports-{rows}.csv");
        File.WriteAllText(path, text.ToString());
        return (path, badLines);
    }

    private static string[] With(string[] row, int column, string value)
    {
        var copy = (string[])row.Clone();
        copy[column] = value;
        return copy;
    }
}
