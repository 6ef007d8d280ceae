using System.Threading.RateLimiting;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Vigia.ServiceDefaults.Auth;
using Status = Google.Rpc.Status;

namespace Vigia.ServiceDefaults.Limits;

/// <summary>
/// Applies <see cref="CallerLimits"/> to the calls of the RPC table (never to health probes): a
/// caller over a limit gets RESOURCE_EXHAUSTED with a google.rpc.RetryInfo saying when to try again.
/// </summary>
public sealed class CallerLimitsInterceptor(CallerLimits limits) : Interceptor
{
    /// <summary>A stream slot frees when one of the caller's streams ends, which no limiter can foretell.</summary>
    private static readonly TimeSpan s_streamRetryHint = TimeSpan.FromSeconds(5);

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        CheckSubmission(context);
        return continuation(request, context);
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context,
        ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        CheckSubmission(context);
        using var stream = HoldStream(context);
        return await continuation(requestStream, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var stream = HoldStream(context);
        await continuation(request, responseStream, context);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        CheckSubmission(context);
        using var stream = HoldStream(context);
        await continuation(requestStream, responseStream, context);
    }

    private void CheckSubmission(ServerCallContext context)
    {
        if (!CallerLimits.SubmissionMethods.Contains(context.Method))
        {
            return;
        }

        using var lease = limits.Submissions.AttemptAcquire(Subject(context));
        if (!lease.IsAcquired)
        {
            var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
            throw Exhausted($"Too many submissions from this caller; retry after {retryAfter.TotalSeconds:0.#} s.", retryAfter);
        }
    }

    private RateLimitLease? HoldStream(ServerCallContext context)
    {
        if (!RpcScopes.ByMethod.ContainsKey(context.Method))
        {
            return null;
        }

        var lease = limits.Streams.AttemptAcquire(Subject(context));
        if (lease.IsAcquired)
        {
            return lease;
        }

        lease.Dispose();
        throw Exhausted("This caller already holds as many open streams as it may; close one first.", s_streamRetryHint);
    }

    private static string Subject(ServerCallContext context) =>
        context.GetHttpContext().User.FindFirst(CallerClaims.Subject)?.Value ?? CallerIdentity.NameOf(context);

    private static RpcException Exhausted(string message, TimeSpan retryAfter) =>
        new Status
        {
            Code = (int)Code.ResourceExhausted,
            Message = message,
            Details = { Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(retryAfter) }) },
        }.ToRpcException();
}
