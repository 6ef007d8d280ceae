using BenchmarkDotNet.Attributes;
using Vigia.Ingestion.Normalisation;
using Vigia.Ingestion.V1;

namespace Vigia.Benchmarks;

/// <summary>Ingestion's per-record work on the bulk path: validating and normalising a batch (places resolved by code or name).</summary>
public class ReportValidationBenchmarks
{
    private ReportValidator _validator = null!;
    private Report[] _batch = [];

    [GlobalSetup]
    public void SetUp()
    {
        _validator = Batches.NewValidator();
        _batch = Batches.Submitted();
    }

    [Benchmark(Description = "Validate + normalise a batch of 500 reports")]
    public int ValidateBatch()
    {
        var valid = 0;
        foreach (var report in _batch)
        {
            if (_validator.Validate(report).IsValid)
            {
                valid++;
            }
        }

        return valid;
    }
}
