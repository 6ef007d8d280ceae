using Vigia.Contracts.Messages;
using Vigia.Contracts.Places;
using Vigia.Ingestion.Normalisation;
using Vigia.Ingestion.Reports;
using Vigia.Ingestion.V1;
using Vigia.LoadTool.Workload;
using Vigia.ServiceDefaults.Grpc;

namespace Vigia.Benchmarks;

/// <summary>Batches of the records the load tool sends, as they look at each stage of the pipeline.</summary>
public static class Batches
{
    public const int Size = 500;

    /// <summary>A batch as a client sends it: a fifth of the places spelled out as names.</summary>
    public static Report[] Submitted(int size = Size, int seed = 7, string tag = "bench") =>
        [.. new WorkloadGenerator(seed, tag).Generate(size, size, waves: 0, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1), days: 365).Reports];

    /// <summary>The same batch after ingestion accepted it: what the registry receives.</summary>
    public static AcceptedReport[] Accepted(IEnumerable<Report> reports)
    {
        var validator = NewValidator();
        var now = DateTime.UtcNow;
        return [.. reports.Select(r => IngestedReport.NewAccepted(Guid.NewGuid(), validator.Validate(r).Report!, now).ToAcceptedMessage())];
    }

    public static ReportValidator NewValidator() => new(new PlaceResolver(Gazetteer.LoadEmbedded()), TimeProvider.System);
}
