using Microsoft.Extensions.Configuration;

namespace Vigia.Standalone;

/// <summary>
/// Each service keeps its own port in the embedded default, as it has when run alone (h2c); the web page and the
/// HTTP/JSON routes have one more, in HTTP/1.1 for browsers.
/// </summary>
public sealed record StandalonePorts(int Ingestion, int Registry, int Statistics, int Alerting, int Web)
{
    public static StandalonePorts From(IConfiguration configuration) => new(
        configuration.GetValue("Vigia:Ports:Ingestion", 5101),
        configuration.GetValue("Vigia:Ports:Registry", 5102),
        configuration.GetValue("Vigia:Ports:Statistics", 5103),
        configuration.GetValue("Vigia:Ports:Alerting", 5104),
        configuration.GetValue("Vigia:Ports:Web", 5100));

    /// <summary>The gRPC ports (h2c).</summary>
    public int[] All => [Ingestion, Registry, Statistics, Alerting];
}
