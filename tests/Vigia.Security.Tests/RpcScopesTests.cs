using Vigia.ServiceDefaults.Auth;

namespace Vigia.Security.Tests;

public class RpcScopesTests
{
    [Fact]
    public void ByMethod_EveryRpcOfEveryService_HasAScope()
    {
        var unlisted = RawCall.AllMethods.Where(m => !RpcScopes.ByMethod.ContainsKey(m)).ToList();

        Assert.True(unlisted.Count == 0, $"Add these RPCs to RpcScopes.ByMethod (and docs/security.md): {string.Join(", ", unlisted)}");
    }

    [Fact]
    public void ByMethod_EveryEntry_IsARealRpcWithAKnownScope()
    {
        var rpcs = RawCall.AllMethods.ToHashSet();

        Assert.All(RpcScopes.ByMethod, entry =>
        {
            Assert.Contains(entry.Key, rpcs);
            Assert.Contains(entry.Value, Scopes.All);
        });
    }

    [Theory]
    [InlineData("/grpc.health.v1.Health/Check")]
    [InlineData("/grpc.health.v1.Health/Watch")]
    public void For_HealthMethods_NeedNoToken(string method) => Assert.False(RpcScopes.For(method)!.NeedsToken);

    [Fact]
    public void For_Reflection_NeedsATokenButNoScope()
    {
        var access = RpcScopes.For("/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo")!;

        Assert.Equal((true, null), (access.NeedsToken, access.Scope));
    }

    [Fact]
    public void For_UnlistedMethod_IsNull() => Assert.Null(RpcScopes.For("/vigia.registry.v1.RegistryService/DropEverything"));
}
