using Vigia.Common.V1;
using Vigia.Contracts.Selectors;
using Vigia.Statistics.Series;

namespace Vigia.Statistics.Interventions;

/// <summary>
/// What EvaluateIntervention asks, validated: places are all departments (admin1) or all
/// municipalities (admin2); no control places means every other place with counts. AsOf null is "as known now".
/// </summary>
public sealed record InterventionRequest(
    IReadOnlyList<string> TreatedPlaces,
    IReadOnlyList<string> ControlPlaces,
    bool Municipalities,
    DateOnly Start,
    Selection Selection,
    Measure Measure,
    DatePeriod Period,
    Granularity Granularity,
    DateTime? AsOf = null);
