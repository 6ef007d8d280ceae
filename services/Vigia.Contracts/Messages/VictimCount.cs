using Vigia.Common.V1;

namespace Vigia.Contracts.Messages;

public record VictimCount
{
    public required VictimCategory Category { get; init; }
    public required int Count { get; init; }
}
