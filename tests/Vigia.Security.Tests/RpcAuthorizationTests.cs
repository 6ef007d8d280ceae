using Grpc.Core;
using Vigia.ServiceDefaults.Auth;
using Vigia.Testing;

namespace Vigia.Security.Tests;

/// <summary>
/// Every RPC of every service, called with no token, an expired token, a token signed by another
/// key, a token for another audience, and a valid token of each scope: exactly the access the
/// RPC table (docs/security.md) gives. A call let in may still fail on its empty request
/// (INVALID_ARGUMENT, NOT_FOUND, a stream's deadline): anything but UNAUTHENTICATED or
/// PERMISSION_DENIED counts as let in.
/// </summary>
public sealed class RpcAuthorizationTests(AllServicesFixture fixture) : IClassFixture<AllServicesFixture>
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(3);

    private static readonly string[] s_badTokens = ["none", "expired", "other-key", "wrong-audience"];

    public static TheoryData<string, string> BadTokenCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var method in RawCall.AllMethods)
        {
            foreach (var token in s_badTokens)
            {
                data.Add(method, token);
            }
        }

        return data;
    }

    public static TheoryData<string, string> ScopeCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var method in RawCall.AllMethods)
        {
            foreach (var scope in Scopes.All)
            {
                data.Add(method, scope);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BadTokenCases))]
    public async Task AnyRpc_WithoutAValidToken_Unauthenticated(string method, string token)
    {
        var status = await CallAsync(method, token switch
        {
            "none" => null,
            "expired" => TestTokens.Issue(Scopes.All, lifetime: TimeSpan.FromHours(1), notBefore: DateTimeOffset.UtcNow.AddHours(-2)),
            "other-key" => TestTokens.Issue(Scopes.All, key: TestTokens.UntrustedKey),
            "wrong-audience" => TestTokens.Issue(Scopes.All, audience: "another-api"),
            _ => throw new ArgumentOutOfRangeException(nameof(token), token, null),
        });

        Assert.Equal(StatusCode.Unauthenticated, status.StatusCode);
    }

    [Theory]
    [MemberData(nameof(ScopeCases))]
    public async Task AnyRpc_WithATokenOfOneScope_LetInExactlyWhenTheTableSaysSo(string method, string scope)
    {
        var needed = RpcScopes.ByMethod[method];

        var status = await CallAsync(method, TestTokens.Issue([scope]));

        if (scope == needed)
        {
            Assert.DoesNotContain(status.StatusCode, new[] { StatusCode.Unauthenticated, StatusCode.PermissionDenied });
        }
        else
        {
            Assert.Equal(StatusCode.PermissionDenied, status.StatusCode);
            Assert.Contains($"'{needed}'", status.Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task HealthCheck_WithoutAToken_Answers()
    {
        using var anonymous = fixture.Host.CreateChannel(null);

        var reply = await new Grpc.Health.V1.Health.HealthClient(anonymous).CheckAsync(new Grpc.Health.V1.HealthCheckRequest { Service = "" });

        // Answered, whatever the readiness checks say at that instant (a refused call would have thrown).
        Assert.NotEqual(Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.ServiceUnknown, reply.Status);
    }

    [Fact]
    public async Task ServerReflection_WithoutAToken_UnauthenticatedAndWithAnyValidToken_Answers()
    {
        using var anonymous = fixture.Host.CreateChannel(null);
        using var readOnly = fixture.Host.CreateChannel(TestTokens.Issue([Scopes.Read]));

        // The refusal is read from the response alone: a request written while the server answers and resets the stream
        // could fail as Cancelled on the client's side before the status was read. A server that let the call in would
        // wait for a request: the deadline ends it, as DeadlineExceeded.
        using var refusedCall = new Grpc.Reflection.V1Alpha.ServerReflection.ServerReflectionClient(anonymous)
            .ServerReflectionInfo(deadline: DateTime.UtcNow.AddSeconds(10));
        var refused = await Assert.ThrowsAsync<RpcException>(() => refusedCall.ResponseStream.MoveNext(CancellationToken.None));
        var listed = await ListServicesAsync(readOnly);

        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Contains("vigia.alerting.v1.AlertingService", listed);
    }

    private static async Task<List<string>> ListServicesAsync(Grpc.Net.Client.GrpcChannel channel)
    {
        using var call = new Grpc.Reflection.V1Alpha.ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new Grpc.Reflection.V1Alpha.ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        return [.. call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name)];
    }

    private async Task<Status> CallAsync(string method, string? token)
    {
        using var channel = fixture.Host.CreateChannel(token);
        return await RawCall.StatusOfAsync(channel.CreateCallInvoker(), method, s_deadline);
    }
}
