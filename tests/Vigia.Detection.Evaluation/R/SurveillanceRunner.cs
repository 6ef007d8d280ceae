using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Vigia.Detection;

namespace Vigia.Detection.Evaluation.R;

/// <summary>
/// Runs R's surveillance package (farringtonFlexible, earsC C1–C3, glrnb) on the benchmark series through Rscript, in
/// parallel shards, and caches the alarms by a hash of the input and the script so that a rerun costs nothing.
/// </summary>
internal sealed class SurveillanceRunner(string workDirectory, int shards, TextWriter log)
{
    public static readonly string[] Methods = ["farringtonFlexible", "farringtonNoufaily", "glrnb", "earsCC1", "earsCC2", "earsCC3"];

    private static readonly string s_script = Path.Combine(AppContext.BaseDirectory, "R", "surveillance.R");

    /// <summary>Whether Rscript with the surveillance package answers.</summary>
    public static bool IsAvailable()
    {
        try
        {
            var (code, _) = Run("Rscript", ["-e", "suppressPackageStartupMessages(library(surveillance)); cat(as.character(packageVersion('surveillance')))"]);
            return code == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    public static string Version()
    {
        var (_, output) = Run("Rscript", ["-e", "suppressPackageStartupMessages(library(surveillance)); cat(R.version.string, '| surveillance', as.character(packageVersion('surveillance')))"]);
        return output.Trim();
    }

    /// <summary>Alarms per method and series: alarm flags over the whole series (false outside the evaluation window).</summary>
    public Dictionary<string, Dictionary<string, bool[]>> Score(IReadOnlyList<EvaluationSeries> series)
    {
        Directory.CreateDirectory(workDirectory);
        var ordered = series.OrderByDescending(Cost).ToList();
        var shardInputs = new List<List<EvaluationSeries>>();
        for (var s = 0; s < Math.Max(1, shards); s++)
        {
            shardInputs.Add([]);
        }

        // Greedy balance by cost: the daily farringtonFlexible fits dominate.
        var loads = new double[shardInputs.Count];
        foreach (var item in ordered)
        {
            var target = Array.IndexOf(loads, loads.Min());
            shardInputs[target].Add(item);
            loads[target] += Cost(item);
        }

        var tasks = shardInputs.Where(s => s.Count > 0).Select(s => Task.Run(() => ScoreShard(s))).ToArray();
        Task.WaitAll(tasks);
        var merged = new Dictionary<string, Dictionary<string, bool[]>>();
        foreach (var method in Methods)
        {
            merged[method] = [];
        }

        foreach (var task in tasks)
        {
            foreach (var (method, bySeries) in task.Result)
            {
                foreach (var (id, alarms) in bySeries)
                {
                    merged[method][id] = alarms;
                }
            }
        }

        return merged;
    }

    private static double Cost(EvaluationSeries s) =>
        (s.Length - s.EvaluationStart) * (s.Frequency == SeriesFrequency.Daily ? 20.0 : 9.0);

    private Dictionary<string, Dictionary<string, bool[]>> ScoreShard(List<EvaluationSeries> shard)
    {
        var input = new StringBuilder("series_id,date,count,frequency,eval_start\n");
        foreach (var s in shard.OrderBy(s => s.Id, StringComparer.Ordinal))
        {
            var frequency = s.Frequency == SeriesFrequency.Daily ? "daily" : "weekly";
            for (var t = 0; t < s.Length; t++)
            {
                var date = s.FirstDate.AddDays(t * (s.Frequency == SeriesFrequency.Daily ? 1 : 7));
                input.Append(CultureInfo.InvariantCulture, $"{s.Id},{date:yyyy-MM-dd},{s.Counts[t]},{frequency},{s.EvaluationStart}\n");
            }
        }

        var text = input.ToString();
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text + File.ReadAllText(s_script))))[..16];
        var output = Path.Combine(workDirectory, $"r-alarms-{hash}.csv");
        if (!File.Exists(output))
        {
            var inputPath = Path.Combine(workDirectory, $"r-input-{hash}.csv");
            File.WriteAllText(inputPath, text);
            var stopwatch = Stopwatch.StartNew();
            var (code, messages) = Run("Rscript", [s_script, inputPath, output + ".tmp"]);
            if (code != 0)
            {
                throw new InvalidOperationException($"Rscript failed ({code}): {messages}");
            }

            File.Move(output + ".tmp", output, overwrite: true);
            File.Delete(inputPath);
            lock (log)
            {
                log.WriteLine($"  R scored {shard.Count} series in {stopwatch.Elapsed.TotalSeconds:0} s{(messages.Length > 0 ? ": " + messages.Trim() : "")}");
            }
        }

        return Parse(output, shard);
    }

    private static Dictionary<string, Dictionary<string, bool[]>> Parse(string path, List<EvaluationSeries> shard)
    {
        var byId = shard.ToDictionary(s => s.Id);
        var result = new Dictionary<string, Dictionary<string, bool[]>>();
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var parts = line.Split(',');
            var (id, method, index) = (parts[0], parts[1], int.Parse(parts[2], CultureInfo.InvariantCulture));
            if (method.EndsWith(":evaluated", StringComparison.Ordinal))
            {
                method = method[..^":evaluated".Length];
                if (!result.TryGetValue(method, out var evaluated))
                {
                    result[method] = evaluated = [];
                }

                evaluated.TryAdd(id, new bool[byId[id].Length]);
                continue;
            }

            if (!result.TryGetValue(method, out var bySeries))
            {
                result[method] = bySeries = [];
            }

            if (!bySeries.TryGetValue(id, out var alarms))
            {
                bySeries[id] = alarms = new bool[byId[id].Length];
            }

            alarms[index] = true;
        }

        return result;
    }

    private static (int ExitCode, string Output) Run(string file, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }
}
