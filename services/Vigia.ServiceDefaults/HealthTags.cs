namespace Vigia.ServiceDefaults;

public static class HealthTags
{
    /// <summary>Checks that must pass before the service takes traffic: its database and its bus.</summary>
    public const string Ready = "ready";
}
