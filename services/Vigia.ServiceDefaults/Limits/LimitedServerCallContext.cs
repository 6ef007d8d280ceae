using Grpc.Core;

namespace Vigia.ServiceDefaults.Limits;

/// <summary>
/// A call's context whose cancellation token also fires when a stream limit ends the call, so the service's own loops
/// (which watch <see cref="ServerCallContext.CancellationToken"/>) stop; everything else is the call's own.
/// </summary>
internal sealed class LimitedServerCallContext : ServerCallContext
{
    /// <summary>Where GetHttpContext() looks for the HttpContext when the context is not ASP.NET Core's own (grpc-dotnet's documented fallback).</summary>
    private const string HttpContextKey = "__HttpContext";

    private readonly ServerCallContext _call;
    private readonly CancellationToken _cancellationToken;

    public LimitedServerCallContext(ServerCallContext call, CancellationToken cancellationToken)
    {
        _call = call;
        _cancellationToken = cancellationToken;
        call.UserState[HttpContextKey] = call.GetHttpContext();
    }

    protected override string MethodCore => _call.Method;

    protected override string HostCore => _call.Host;

    protected override string PeerCore => _call.Peer;

    protected override DateTime DeadlineCore => _call.Deadline;

    protected override Metadata RequestHeadersCore => _call.RequestHeaders;

    protected override CancellationToken CancellationTokenCore => _cancellationToken;

    protected override Metadata ResponseTrailersCore => _call.ResponseTrailers;

    protected override Status StatusCore
    {
        get => _call.Status;
        set => _call.Status = value;
    }

    protected override WriteOptions? WriteOptionsCore
    {
        get => _call.WriteOptions;
        set => _call.WriteOptions = value;
    }

    protected override AuthContext AuthContextCore => _call.AuthContext;

    protected override IDictionary<object, object> UserStateCore => _call.UserState;

    protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) =>
        _call.CreatePropagationToken(options);

    protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => _call.WriteResponseHeadersAsync(responseHeaders);
}
