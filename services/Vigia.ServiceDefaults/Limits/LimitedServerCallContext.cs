using Grpc.Core;

namespace Vigia.ServiceDefaults.Limits;

/// <summary>
/// A call's context whose cancellation token also fires when a stream limit ends the call, so the service's own loops
/// (which watch <see cref="ServerCallContext.CancellationToken"/>) stop; everything else is the call's own.
/// </summary>
internal sealed class LimitedServerCallContext(ServerCallContext call, CancellationToken cancellationToken) : ServerCallContext
{
    protected override string MethodCore => call.Method;

    protected override string HostCore => call.Host;

    protected override string PeerCore => call.Peer;

    protected override DateTime DeadlineCore => call.Deadline;

    protected override Metadata RequestHeadersCore => call.RequestHeaders;

    protected override CancellationToken CancellationTokenCore => cancellationToken;

    protected override Metadata ResponseTrailersCore => call.ResponseTrailers;

    protected override Status StatusCore
    {
        get => call.Status;
        set => call.Status = value;
    }

    protected override WriteOptions? WriteOptionsCore
    {
        get => call.WriteOptions;
        set => call.WriteOptions = value;
    }

    protected override AuthContext AuthContextCore => call.AuthContext;

    // Holds the HttpContext, which GetHttpContext() finds here for a context that is not ASP.NET Core's own.
    protected override IDictionary<object, object> UserStateCore => call.UserState;

    protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) =>
        call.CreatePropagationToken(options);

    protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => call.WriteResponseHeadersAsync(responseHeaders);
}
