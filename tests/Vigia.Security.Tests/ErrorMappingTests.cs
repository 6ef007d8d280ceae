using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Vigia.ServiceDefaults.Grpc;

namespace Vigia.Security.Tests;

/// <summary>
/// A write to a stream whose caller has gone is the caller's doing (CANCELLED, not logged as a bug); the same exception
/// on a live call is still a bug (INTERNAL).
/// </summary>
public class ErrorMappingTests
{
    private static readonly ServerStreamingServerMethod<string, string> s_writeAfterTheCallEnded =
        (_, _, _) => throw new InvalidOperationException("Can't write the message because the request is complete.");

    [Fact]
    public async Task WriteFailsAfterTheCallerCancelled_AnswersCancelled()
    {
        using var left = new CancellationTokenSource();
        await left.CancelAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            new ErrorMappingInterceptor(NullLogger<ErrorMappingInterceptor>.Instance)
                .ServerStreamingServerHandler("request", null!, new Call(left.Token), s_writeAfterTheCallEnded));

        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
    }

    [Fact]
    public async Task SameFailureOnALiveCall_AnswersInternal()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            new ErrorMappingInterceptor(NullLogger<ErrorMappingInterceptor>.Instance)
                .ServerStreamingServerHandler("request", null!, new Call(CancellationToken.None), s_writeAfterTheCallEnded));

        Assert.Equal(StatusCode.Internal, error.StatusCode);
    }

    private sealed class Call(CancellationToken token) : ServerCallContext
    {
        protected override string MethodCore => "/vigia.registry.v1.RegistryService/WatchIncidents";
        protected override string HostCore => "localhost";
        protected override string PeerCore => "ipv4:127.0.0.1:1";
        protected override DateTime DeadlineCore => DateTime.MaxValue;
        protected override Metadata RequestHeadersCore { get; } = [];
        protected override CancellationToken CancellationTokenCore => token;
        protected override Metadata ResponseTrailersCore { get; } = [];
        protected override Status StatusCore { get; set; }
        protected override WriteOptions? WriteOptionsCore { get; set; }
        protected override AuthContext AuthContextCore => new(null, []);

        protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) =>
            throw new NotSupportedException();

        protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
    }
}
