using BenchmarkDotNet.Attributes;
using Vigia.Contracts.Messages;
using Vigia.Registry.Incidents;

namespace Vigia.Benchmarks;

/// <summary>
/// The registry's merge decision for one batch of accepted reports, without I/O: against the incidents
/// already stored around the batch's dates (none of which it belongs to), and as a second source
/// corroborating incidents the first one created (every report merges).
/// </summary>
public class ReportMergeBenchmarks
{
    private static readonly Dictionary<(string Source, string SourceRecordId), Guid> s_noneRecorded = [];

    private AcceptedReport[] _newReports = [];
    private List<Incident> _storedIncidents = [];
    private AcceptedReport[] _firstSource = [];
    private AcceptedReport[] _secondSource = [];

    /// <summary>Incidents already stored over the batch's year, all of them merge candidates by date and type.</summary>
    [Params(2_000, 20_000)]
    public int Stored { get; set; }

    [GlobalSetup]
    public void SetUp()
    {
        var now = DateTime.UtcNow;
        _newReports = Batches.Accepted(Batches.Submitted(seed: 1, tag: "new"));
        _storedIncidents = [.. Batches.Accepted(Batches.Submitted(Stored, seed: 2, tag: "stored")).Select(r => ReportMerger.CreateIncident(r, now))];
        _firstSource = Batches.Accepted(Batches.Submitted(seed: 3, tag: "first"));
        // The same incidents told by another desk: same place, day, type and victims.
        _secondSource = [.. _firstSource.Select(r => r with { ReportId = Guid.NewGuid(), Source = "acled", SourceRecordId = $"acled-{r.SourceRecordId}" })];
    }

    [Benchmark(Description = "Merge 500 new reports (no match) against the stored incidents")]
    public int MergeNewReports() => ReportMerger.MergeBatch(_newReports, s_noneRecorded, _storedIncidents, [], DateTime.UtcNow).Created.Count;

    [Benchmark(Description = "Create 500 incidents, then merge 500 corroborating reports into them")]
    public int MergeCorroboratingReports()
    {
        var now = DateTime.UtcNow;
        var incidents = _firstSource.Select(r => ReportMerger.CreateIncident(r, now)).Concat(_storedIncidents);
        return ReportMerger.MergeBatch(_secondSource, s_noneRecorded, incidents, [], now).AddedSources.Count;
    }
}
