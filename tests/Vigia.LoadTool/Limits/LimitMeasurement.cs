namespace Vigia.LoadTool.Limits;

/// <summary>One physical limit, measured on the same records as the platform: how fast, and how it was done.</summary>
public sealed record LimitMeasurement(string Path, int Records, TimeSpan Elapsed, string? Unavailable = null)
{
    public double RecordsPerSecond => Unavailable is null ? Records / Elapsed.TotalSeconds : double.NaN;

    public static LimitMeasurement NotMeasured(string path, string why) => new(path, 0, TimeSpan.Zero, why);
}
