using Vigia.Common.V1;

namespace Vigia.Statistics.Series;

/// <summary>
/// Which incidents a query covers (the proto Selector, validated and normalised); an empty list
/// means "all". Place codes are upper-case, perpetrators lower-case (see PerpetratorKeys).
/// </summary>
public sealed record Selection
{
    public static readonly Selection All = new();

    public IReadOnlyList<string> Countries { get; init; } = [];
    public IReadOnlyList<string> Admin1 { get; init; } = [];
    public IReadOnlyList<string> Admin2 { get; init; } = [];
    public IReadOnlyList<IncidentType> IncidentTypes { get; init; } = [];
    public IReadOnlyList<VictimCategory> VictimCategories { get; init; } = [];
    public IReadOnlyList<string> Perpetrators { get; init; } = [];

    public bool HasPlaceFilter => Countries.Count > 0 || Admin1.Count > 0 || Admin2.Count > 0;
}
