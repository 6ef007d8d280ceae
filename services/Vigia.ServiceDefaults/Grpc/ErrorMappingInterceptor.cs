using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;
using Vigia.ServiceDefaults.Delivery;
using Status = Google.Rpc.Status;

namespace Vigia.ServiceDefaults.Grpc;

/// <summary>
/// Turns validation and domain errors into the right status codes with rich details, and a dependency's passing
/// failure (<see cref="TransientFailures"/>) into UNAVAILABLE, so gRPC classes can translate and delegate without a
/// try/catch per RPC. What is left is a bug: INTERNAL, logged.
/// </summary>
public sealed class ErrorMappingInterceptor(ILogger<ErrorMappingInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Map(ex, context);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context,
        ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Map(ex, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Map(ex, context);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Map(ex, context);
        }
    }

    private RpcException Map(Exception ex, ServerCallContext context)
    {
        switch (ex)
        {
            case InvalidInputException invalid:
                var badRequest = new BadRequest();
                badRequest.FieldViolations.AddRange(FieldViolations.Bounded(invalid.Violations));
                return ToRpc(Code.InvalidArgument, invalid.Message, badRequest);
            case NotFoundException notFound:
                return ToRpc(Code.NotFound, notFound.Message,
                    new ResourceInfo { ResourceType = notFound.ResourceType, ResourceName = notFound.Id });
            case StaleVersionException stale:
                var failure = new PreconditionFailure();
                failure.Violations.Add(new PreconditionFailure.Types.Violation
                {
                    Type = "VERSION",
                    Subject = stale.Subject,
                    Description = stale.Message,
                });
                return ToRpc(Code.FailedPrecondition, stale.Message, failure);
            case OperationCanceledException or IOException or InvalidOperationException when context.CancellationToken.IsCancellationRequested:
                // The caller left (or its deadline passed): a write to its stream fails with IOException once the
                // transport has let the stream go, or with InvalidOperationException ("the request is complete") when
                // Grpc.AspNetCore sees the call cancelled first. Nobody is waiting for an answer; this is no bug of ours.
                return new RpcException(new global::Grpc.Core.Status(StatusCode.Cancelled, "The call was cancelled."));
            case var _ when TransientFailures.IsTransient(ex):
                // The database or a peer was away or too slow for this call: the caller may try again, unchanged.
                logger.LogWarning(ex, "A dependency failed {Method}; answered UNAVAILABLE", context.Method);
                return new RpcException(new global::Grpc.Core.Status(StatusCode.Unavailable, "A dependency of the service is unavailable; try again."));
            default:
                logger.LogError(ex, "Unhandled error in {Method}", context.Method);
                return new RpcException(new global::Grpc.Core.Status(StatusCode.Internal, "An internal error occurred."));
        }
    }

    // The message travels in a header too: it stays short and printable whatever the caller sent.
    private static RpcException ToRpc(Code code, string message, Google.Protobuf.IMessage detail) =>
        new Status { Code = (int)code, Message = FieldViolations.Printable(message), Details = { Any.Pack(detail) } }.ToRpcException();
}
