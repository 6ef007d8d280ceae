using System.Security.Claims;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Authentication;
using Status = Google.Rpc.Status;

namespace Vigia.ServiceDefaults.Auth;

/// <summary>
/// Enforces <see cref="RpcScopes"/> on every call before the service sees it: no valid token is
/// UNAUTHENTICATED, a token without the RPC's scope is PERMISSION_DENIED naming that scope. The JWT
/// bearer handler has already read the token (authentication middleware) into the call's user.
/// </summary>
public sealed class CallerAuthorizationInterceptor : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context);
        return continuation(request, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context,
        ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context);
        return continuation(requestStream, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context);
        return continuation(request, responseStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context);
        return continuation(requestStream, responseStream, context);
    }

    private static void Authorize(ServerCallContext context)
    {
        var access = RpcScopes.For(context.Method)
            ?? throw Denied($"{context.Method} is not in the table of RPC scopes, so nobody may call it.", "UNLISTED_METHOD", null);
        if (!access.NeedsToken)
        {
            return;
        }

        var http = context.GetHttpContext();
        if (http.User.Identity?.IsAuthenticated != true)
        {
            var failure = http.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult?.Failure;
            throw new RpcException(new global::Grpc.Core.Status(StatusCode.Unauthenticated, failure is null
                ? "This call needs a bearer token (authorization: Bearer <token>)."
                : $"The bearer token was refused: {failure.Message}"));
        }

        if (access.Scope is { } scope && !HasScope(http.User, scope))
        {
            throw Denied($"This call needs the scope '{scope}', which the token does not carry.", "MISSING_SCOPE", scope);
        }
    }

    /// <summary>The scope claim is one space-separated string (RFC 9068); some providers send one claim per scope.</summary>
    private static bool HasScope(ClaimsPrincipal user, string scope) =>
        user.FindAll(CallerClaims.Scope)
            .SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Contains(scope, StringComparer.Ordinal);

    private static RpcException Denied(string message, string reason, string? scope)
    {
        var info = new ErrorInfo { Reason = reason, Domain = "vigia" };
        if (scope is not null)
        {
            info.Metadata["scope"] = scope;
        }

        return new Status { Code = (int)Code.PermissionDenied, Message = message, Details = { Any.Pack(info) } }.ToRpcException();
    }
}
