using System.CommandLine;
using BenchmarkDotNet.Running;
using Vigia.Detection.Evaluation;
using Vigia.Detection.Evaluation.Benchmarks;
using Vigia.Detection.Evaluation.RealData;

var scale = new Option<int>("--scale") { Description = "Multiplies the number of series per scenario (1: a few minutes with R).", DefaultValueFactory = _ => 1 };
var seed = new Option<int>("--seed") { Description = "Seed of the simulation and of the planted outbreaks.", DefaultValueFactory = _ => 2017 };
var noR = new Option<bool>("--no-r") { Description = "Leave out R's surveillance methods even when Rscript is installed." };
var realData = new Option<string?>("--real-data") { Description = "Folder of the homicide workbooks (default: $VIGIA_REAL_DATA, else ../shared/data/real beside the repository)." };
var groups = new Option<string[]>("--groups") { Description = "Groups to run: weekly, daily, real, real-weekly.", DefaultValueFactory = _ => ["weekly", "daily", "real", "real-weekly"], AllowMultipleArgumentsPerToken = true };
var realUntil = new Option<int>("--real-until")
{
    Description = "Development aid: end the real series with this year (2009–2012: Farrington needs five years of history) and evaluate its last year(s); tune with an earlier year, so the reported 2011–2012 stay held out.",
    DefaultValueFactory = _ => RealSeriesBuilder.LastYear,
};
var workDir = new Option<string?>("--work-dir") { Description = "Where R's inputs and cached outputs go (default: artifacts/detection-evaluation)." };
var markdown = new Option<string?>("--markdown") { Description = "Also write the report to this markdown file." };
var explore = new Option<string[]>("--explore") { Description = "Development aid: ROC of the automatic default for variants of its settings (Key=value,…; 'default' alone for none); no R.", AllowMultipleArgumentsPerToken = true };
var bdn = new Option<bool>("--bdn") { Description = "Run the BenchmarkDotNet timing suite instead (1,000 daily series of 10 years)." };

var root = new RootCommand("Vigia detection benchmark: Noufaily-style simulated series and real homicide series with planted outbreaks, every detector scored side by side.")
{
    scale, seed, noR, realData, groups, realUntil, workDir, markdown, explore, bdn,
};
root.TreatUnmatchedTokensAsErrors = false;
root.SetAction(parseResult =>
{
    if (parseResult.GetValue(bdn))
    {
        string[] benchmarkArgs = parseResult.UnmatchedTokens.Count > 0 ? [.. parseResult.UnmatchedTokens] : ["--filter", "*"];
        BenchmarkSwitcher.FromAssembly(typeof(RepositoryPaths).Assembly).Run(benchmarkArgs, BatchConfig.Create());
        return 0;
    }

    var settings = new EvaluationSettings(
        Math.Max(1, parseResult.GetValue(scale)),
        parseResult.GetValue(seed),
        !parseResult.GetValue(noR),
        parseResult.GetValue(realData) ?? RepositoryPaths.RealData(),
        new HashSet<string>(parseResult.GetValue(groups) ?? [], StringComparer.OrdinalIgnoreCase),
        parseResult.GetValue(workDir) ?? RepositoryPaths.WorkDirectory(),
        parseResult.GetValue(markdown),
        parseResult.GetValue(explore),
        Math.Clamp(parseResult.GetValue(realUntil), 2009, RealSeriesBuilder.LastYear));
    return new Evaluation(settings, Console.Out).Run();
});
return await root.Parse(args).InvokeAsync();
