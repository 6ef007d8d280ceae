using Google.Rpc;
using Grpc.Core;

namespace Vigia.Statistics.Tests.Support;

public static class ErrorDetails
{
    /// <summary>The google.rpc.BadRequest field violations an INVALID_ARGUMENT carries.</summary>
    public static IReadOnlyList<BadRequest.Types.FieldViolation> FieldViolations(RpcException error) =>
        error.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations.ToList() ?? [];
}
