namespace Vigia.LoadTool.Platform;

/// <summary>How long to wait for statistics and alerts, how often to ask, and where progress goes.</summary>
public sealed record PlatformRunSettings(TimeSpan SettleTimeout, TimeSpan AlertTimeout, TimeSpan PollInterval, Action<string> Log);
