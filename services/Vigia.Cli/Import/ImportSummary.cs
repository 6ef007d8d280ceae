using System.Diagnostics;

namespace Vigia.Cli.Import;

/// <summary>What an import has done so far: rows read, what ingestion answered, what was rejected and skipped.</summary>
internal sealed class ImportSummary
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<RowReject> _rejects = [];

    /// <summary>Rows read that were meant as reports (skipped rows not counted).</summary>
    public int Rows { get; private set; }

    public int Accepted { get; private set; }

    /// <summary>Known already under the same (source, source_record_id): nothing changed.</summary>
    public int Duplicate { get; private set; }

    /// <summary>Known already under the same key with other content: the source's correction, passed on to the incident.</summary>
    public int Corrected { get; private set; }

    /// <summary>Rows rejected, by the import (unreadable fields) or by ingestion.</summary>
    public int Rejected { get; private set; }

    /// <summary>Rows the layout skips (totals, footnotes, blank rows).</summary>
    public int Skipped { get; private set; }

    public IReadOnlyList<RowReject> Rejects => _rejects;

    public TimeSpan Elapsed => _clock.Elapsed;

    public double RowsPerSecond => Elapsed.TotalSeconds > 0 ? Rows / Elapsed.TotalSeconds : 0;

    public void CountRow() => Rows++;

    public void CountSkipped() => Skipped++;

    public void CountAccepted() => Accepted++;

    public void CountDuplicate() => Duplicate++;

    public void CountCorrected() => Corrected++;

    public void Reject(IEnumerable<RowReject> reasons)
    {
        Rejected++;
        _rejects.AddRange(reasons);
    }

    public void Stop() => _clock.Stop();
}
