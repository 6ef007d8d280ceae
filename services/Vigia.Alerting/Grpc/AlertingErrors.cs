using System.Diagnostics.CodeAnalysis;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Vigia.Alerting.Grpc;

/// <summary>The statuses alerting answers that the shared error mapping does not cover.</summary>
internal static class AlertingErrors
{
    [DoesNotReturn]
    public static void AlreadyExists(string resourceType, string id) =>
        throw new Google.Rpc.Status
        {
            Code = (int)Code.AlreadyExists,
            Message = $"A {resourceType} with id '{id}' already exists.",
            Details = { Any.Pack(new ResourceInfo { ResourceType = resourceType, ResourceName = id }) },
        }.ToRpcException();

    [DoesNotReturn]
    public static void SubscriberTooSlow(string message) =>
        throw new RpcException(new global::Grpc.Core.Status(StatusCode.ResourceExhausted, message));
}
