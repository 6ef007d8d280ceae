namespace Vigia.Ingestion.Feeds.Acled;

/// <summary>
/// The ACLED feed's settings, from <c>Vigia:Feeds:acled</c> (environment: <c>Vigia__Feeds__acled__BaseUrl</c>,
/// <c>__Username</c>, <c>__Password</c>, <c>__Countries</c>, <c>__PollInterval</c>). The feed runs only when BaseUrl is set.
/// </summary>
public sealed class AcledFeedOptions
{
    public const string Section = "Vigia:Feeds:acled";

    public Uri? BaseUrl { get; set; }

    public string Username { get; set; } = "";

    public string Password { get; set; } = "";

    /// <summary>ACLED country names, separated by commas or '|', e.g. "El Salvador,Guatemala,Honduras".</summary>
    public string Countries { get; set; } = "";

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Events per page.</summary>
    public int PageSize { get; set; } = 500;

    public IReadOnlyList<string> CountryList =>
        Countries.Split([',', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
