using Grpc.Core;

namespace Vigia.ServiceDefaults.Grpc;

/// <summary>Who makes a change, as recorded in histories, acknowledgements, rules and silences.</summary>
public static class CallerIdentity
{
    /// <summary>The caller's gateway or tool names the actor in this header.</summary>
    public const string ActorHeader = "x-vigia-actor";

    public const string Anonymous = "anonymous";

    public static string Of(ServerCallContext context) =>
        context.RequestHeaders.GetValue(ActorHeader) is { Length: > 0 } actor && actor.Trim().Length > 0 ? actor.Trim() : Anonymous;
}
