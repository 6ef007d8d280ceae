using System.CommandLine;
using Grpc.Core;
using Grpc.Net.Client;
using Spectre.Console;
using Vigia.Ingestion.V1;

namespace Vigia.Cli.Import;

/// <summary>
/// <c>vigia import FILE</c>: streams a file of reports through ingestion, shows progress, prints a summary and writes the
/// rejected rows (row, field, reason) to a file beside the input. Record ids are stable, so a rerun changes nothing.
/// </summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A .csv (the documented columns), .ndjson/.jsonl (one Report in proto-JSON per line), or with --layout an .xlsx, .xls or .csv of any shape." };
        var ingestion = IngestionAddress.CreateOption();
        var layout = new Option<FileInfo?>("--layout", "-l") { Description = "A layout file (JSON) saying how to read a spreadsheet or a CSV of another shape; see docs/intake.md and the layouts folder." };
        var rejects = new Option<FileInfo?>("--rejects") { Description = "Where to write the rejected rows; FILE.rejects.csv beside the input when left out." };
        var batchSize = new Option<int>("--batch-size")
        {
            Description = "Reports per SubmitReports message.",
            DefaultValueFactory = _ => ImportRun.DefaultBatchSize,
        };

        var command = new Command("import", "Import a file of reports through ingestion.") { file, ingestion, layout, rejects, batchSize };
        command.SetAction(async (parseResult, ct) =>
        {
            var input = parseResult.GetValue(file)!;
            var size = parseResult.GetValue(batchSize);
            if (size < 1)
            {
                Console.Error.WriteLine("--batch-size must be at least 1.");
                return 2;
            }

            if (IngestionAddress.Parse(parseResult, ingestion) is not { } address)
            {
                return 2;
            }

            var rejectsPath = parseResult.GetValue(rejects)?.FullName ?? RejectsFile.PathFor(input.FullName);
            try
            {
                var source = ReportFiles.Open(input.FullName, parseResult.GetValue(layout)?.FullName);
                using var channel = ServiceChannel.For(address);
                var client = new IngestionService.IngestionServiceClient(channel);
                var summary = await RunWithProgressAsync(client, source, input.Name, size, ct);
                RejectsFile.Write(rejectsPath, summary.Rejects);
                PrintSummary(summary, rejectsPath);
                return 0;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine(e.Message);
                return 1;
            }
            catch (RpcException e)
            {
                Console.Error.WriteLine($"ingestion at {address}: {ServiceErrors.Describe(e)}");
                return 1;
            }
        });
        return command;
    }

    private static async Task<ImportSummary> RunWithProgressAsync(
        IngestionService.IngestionServiceClient client, IReportFile source, string name, int batchSize, CancellationToken ct)
    {
        var total = source.EstimatedRows;
        ImportSummary? summary = null;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(name), maxValue: total ?? 1);
                summary = await ImportRun.RunAsync(client, source.ReadRows(), batchSize, s =>
                {
                    var done = s.Rows + s.Skipped;
                    task.MaxValue = Math.Max(task.MaxValue, done);
                    task.Value = done;
                    task.Description = Markup.Escape($"{name}: {s.Rows:N0} rows, {s.RowsPerSecond:N0}/s, {s.Rejected:N0} rejected");
                }, ct);
                task.Value = task.MaxValue;
            });
        return summary!;
    }

    private static void PrintSummary(ImportSummary summary, string rejectsPath)
    {
        var table = new Table().AddColumn("rows").AddColumn("accepted").AddColumn("duplicate").AddColumn("corrected").AddColumn("rejected").AddColumn("skipped").AddColumn("time");
        table.AddRow(
            $"{summary.Rows:N0}", $"{summary.Accepted:N0}", $"{summary.Duplicate:N0}", $"{summary.Corrected:N0}", $"{summary.Rejected:N0}", $"{summary.Skipped:N0}",
            $"{summary.Elapsed.TotalSeconds:N1} s ({summary.RowsPerSecond:N0} rows/s)");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(summary.Rejected == 0
            ? "No rejects."
            : $"[yellow]{summary.Rejected:N0} rows rejected[/]: {Markup.Escape(rejectsPath)}");
    }
}
