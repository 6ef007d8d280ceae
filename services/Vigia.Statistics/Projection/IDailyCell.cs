using Vigia.Common.V1;

namespace Vigia.Statistics.Projection;

/// <summary>Where and when a cell of either daily rollup counts: what a selection filters both by.</summary>
public interface IDailyCell
{
    DateOnly OccurredOn { get; }
    string Admin1 { get; }
    string CountryCode { get; }
    IncidentType IncidentType { get; }
}
