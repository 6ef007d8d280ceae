using Google.Rpc;
using Grpc.Core;

namespace Vigia.Cli;

/// <summary>
/// A service's error as the tool prints it: the status, then each bad field the service named, and, when a call went
/// out without a token, where to get one (the embedded default writes one at start).
/// </summary>
internal static class ServiceErrors
{
    public static string Describe(RpcException error, bool tokenSent)
    {
        var lines = new List<string> { $"{error.StatusCode}: {error.Status.Detail}" };
        var badRequest = error.GetRpcStatus()?.GetDetail<BadRequest>();
        if (badRequest is not null)
        {
            lines.AddRange(badRequest.FieldViolations.Select(v => $"  {v.Field}: {v.Description}"));
        }

        if (error.StatusCode == StatusCode.Unauthenticated && !tokenSent)
        {
            lines.Add($"  no token was sent: set {ServiceChannel.TokenVariable} or {ServiceChannel.TokenFileVariable}; the embedded default "
                + "writes one with every scope to services/Vigia.Standalone/data/dev-token "
                + $"(export {ServiceChannel.TokenVariable}=$(cat services/Vigia.Standalone/data/dev-token))");
        }

        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>The error, for a call the tool made with this machine's token settings.</summary>
    public static string Describe(RpcException error) => Describe(error, ServiceChannel.HasToken);
}
