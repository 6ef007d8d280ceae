using Microsoft.Extensions.Configuration;

namespace Vigia.ServiceDefaults;

/// <summary>
/// The embedded default (Vigia.Standalone) runs on the in-process bus and SQLite; a service started
/// alone needs the real servers and says so when they are not configured.
/// </summary>
public static class EmbeddedMode
{
    public const string Key = "Vigia:Embedded";

    public static bool IsOn(IConfiguration configuration) => configuration.GetValue<bool>(Key);

    /// <summary>Where the embedded default keeps its SQLite files.</summary>
    public static string DataDirectory(IConfiguration configuration) =>
        configuration["Vigia:DataDirectory"] is { Length: > 0 } dir ? dir : Path.Combine(Environment.CurrentDirectory, "data");
}

public sealed class MissingConfigurationException(string message) : Exception(message);
