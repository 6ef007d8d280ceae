using Vigia.Alerting.V1;

namespace Vigia.LoadTool.Platform;

/// <summary>An alert event and the moment (Stopwatch timestamp) the tool received it.</summary>
public sealed record ReceivedAlert(long ReceivedAt, AlertEvent Event);
