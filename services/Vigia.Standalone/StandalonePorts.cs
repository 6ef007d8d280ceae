using Microsoft.Extensions.Configuration;

namespace Vigia.Standalone;

/// <summary>Each service keeps its own port in the embedded default, as it has when run alone.</summary>
public sealed record StandalonePorts(int Ingestion, int Registry, int Statistics, int Alerting)
{
    public static StandalonePorts From(IConfiguration configuration) => new(
        configuration.GetValue("Vigia:Ports:Ingestion", 5101),
        configuration.GetValue("Vigia:Ports:Registry", 5102),
        configuration.GetValue("Vigia:Ports:Statistics", 5103),
        configuration.GetValue("Vigia:Ports:Alerting", 5104));

    public int[] All => [Ingestion, Registry, Statistics, Alerting];
}
