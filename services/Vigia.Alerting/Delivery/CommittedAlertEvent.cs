using Vigia.Alerting.V1;

namespace Vigia.Alerting.Delivery;

/// <summary>An alert event as committed, with its place in the order of all events.</summary>
public sealed record CommittedAlertEvent(long Sequence, AlertEvent Event);
