using Google.Rpc;
using Grpc.Core;

namespace Vigia.Cli.Analysis;

/// <summary>A service's error as the tool prints it: the status, then each bad field the service named.</summary>
internal static class ServiceErrors
{
    public static string Describe(RpcException error)
    {
        var lines = new List<string> { $"{error.StatusCode}: {error.Status.Detail}" };
        var badRequest = error.GetRpcStatus()?.GetDetail<BadRequest>();
        if (badRequest is not null)
        {
            lines.AddRange(badRequest.FieldViolations.Select(v => $"  {v.Field}: {v.Description}"));
        }

        return string.Join(Environment.NewLine, lines);
    }
}
