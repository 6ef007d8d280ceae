using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Vigia.Detection.Evaluation.Benchmarks;

/// <summary>
/// One operation takes seconds, so: in process (the default out-of-process toolchain rebuilds the project in a generated
/// folder, outside this repository's build settings), one warm-up, five measured runs, and a timeout above
/// BenchmarkDotNet's in-process default of five minutes.
/// </summary>
internal static class BatchConfig
{
    public static IConfig Create() => DefaultConfig.Instance
        .AddJob(Job.Default
            .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(30), logOutput: true))
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(5))
        .AddDiagnoser(MemoryDiagnoser.Default);
}
