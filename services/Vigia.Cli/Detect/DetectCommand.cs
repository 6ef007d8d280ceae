using System.CommandLine;
using Vigia.Detection;

namespace Vigia.Cli.Detect;

/// <summary>
/// <c>vigia detect</c>: runs a detector over every series of a CSV file, each point judged on its own past only, and
/// writes the points that alarm, so analysts can backtest a detector on their own data.
/// </summary>
internal static class DetectCommand
{
    public static Command Create()
    {
        var input = new Option<FileInfo>("--input", "-i")
        {
            Description = "CSV with columns series_id,date,count (date yyyy-MM-dd; a series is daily or weekly, told by its date spacing; missing dates count as zero).",
            Required = true,
        };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Where to write the alarms (CSV series_id,alert_date); standard output when left out." };
        var detector = new Option<string>("--detector", "-d")
        {
            Description = "auto (default), threshold (3 or more within 2 days), ears-c1, ears-c2, ears-c3, nb-regression or nb-cusum.",
            DefaultValueFactory = _ => "auto",
        };
        detector.AcceptOnlyFromAmong([.. Detectors.Names]);
        var sensitivity = new Option<double>("--sensitivity", "-s")
        {
            Description = "Multiplies the false-alarm rate the detector aims at: 2 alarms about twice as often, 0.5 half as often.",
            DefaultValueFactory = _ => 1.0,
        };
        var evidence = new Option<bool>("--evidence") { Description = "Also write observed, expected, upper_bound, score, method and window (points summed in observed) for every alarm." };

        var command = new Command("detect", "Find the days (or weeks) on which each series alarms.") { input, output, detector, sensitivity, evidence };
        command.SetAction(parseResult =>
        {
            var inputFile = parseResult.GetValue(input)!;
            var outputFile = parseResult.GetValue(output);
            var rate = parseResult.GetValue(sensitivity);
            if (!(rate > 0))
            {
                Console.Error.WriteLine("--sensitivity must be positive.");
                return 2;
            }

            List<CountSeries> series;
            try
            {
                using var reader = inputFile.OpenText();
                series = SeriesCsv.Read(reader);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException)
            {
                Console.Error.WriteLine($"{inputFile.FullName}: {e.Message}");
                return 1;
            }

            var chosen = Detectors.Create(parseResult.GetValue(detector)!, rate);
            var alarms = series
                .AsParallel()
                .AsOrdered()
                .SelectMany(s => chosen.EvaluateAll(s.Counts, s.Frequency, s.FirstDate)
                    .Select((result, t) => (Series: s, T: t, Result: result))
                    .Where(x => x.Result.Alarm))
                .ToList();

            using var writer = outputFile is null ? Console.Out : outputFile.CreateText();
            SeriesCsv.WriteAlarms(writer, alarms, parseResult.GetValue(evidence));
            if (outputFile is not null)
            {
                Console.Error.WriteLine($"{alarms.Count} alarms in {series.Count} series written to {outputFile.FullName}.");
            }

            return 0;
        });
        return command;
    }
}
