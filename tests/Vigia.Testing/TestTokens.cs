using Grpc.Net.Client;
using Microsoft.IdentityModel.Tokens;
using Vigia.ServiceDefaults.Auth;

namespace Vigia.Testing;

/// <summary>
/// The tests' identity provider: one signing key per test run (its JWKS is what test hosts trust),
/// tokens with any scopes, subject, lifetime or audience, and a second key nobody trusts. Hosts get
/// <see cref="ServiceSettings"/>; clients get <see cref="Channel"/> with a token of every scope.
/// </summary>
public static class TestTokens
{
    public const string DefaultSubject = "test-team";

    private static readonly Lazy<(string SigningKeyFile, string PublicKeysFile)> s_trusted = new(() => CreateKeys("trusted"));
    private static readonly Lazy<JsonWebKey> s_untrusted = new(() => SigningKeyFiles.ReadSigningKey(CreateKeys("untrusted").SigningKey));
    private static readonly Lazy<JsonWebKey> s_trustedKey = new(() => SigningKeyFiles.ReadSigningKey(s_trusted.Value.SigningKeyFile));

    /// <summary>The private key the test hosts trust, for services that mint their own tokens.</summary>
    public static string SigningKeyFile => s_trusted.Value.SigningKeyFile;

    /// <summary>The JWKS the test hosts check tokens against.</summary>
    public static string PublicKeysFile => s_trusted.Value.PublicKeysFile;

    /// <summary>A key of the right kind that no test host trusts.</summary>
    public static JsonWebKey UntrustedKey => s_untrusted.Value;

    /// <summary>Configuration for a host under test: trust the test key, and sign its own calls with it.</summary>
    public static IReadOnlyDictionary<string, string?> ServiceSettings => new Dictionary<string, string?>
    {
        [AuthSettings.SigningKeysFile] = PublicKeysFile,
        [AuthSettings.ClientSigningKeyFile] = SigningKeyFile,
    };

    /// <summary>The same, as environment variables for a service process.</summary>
    public static IReadOnlyDictionary<string, string?> ServiceEnvironment =>
        ServiceSettings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value);

    /// <summary>A valid token with every scope: what existing tests act with.</summary>
    public static string AllScopes(string subject = DefaultSubject) => Issue(Scopes.All, subject);

    public static string Issue(
        IEnumerable<string> scopes,
        string subject = DefaultSubject,
        TimeSpan? lifetime = null,
        string audience = AuthSettings.DefaultAudience,
        DateTimeOffset? notBefore = null,
        JsonWebKey? key = null,
        string? clientId = null) =>
        LocalTokens.Issue(key ?? s_trustedKey.Value, subject, scopes, lifetime ?? TimeSpan.FromHours(8), audience, clientId, notBefore);

    /// <summary>A gRPC channel whose calls carry <paramref name="token"/> (none when null).</summary>
    /// <param name="inner">The transport, e.g. a TestServer's handler; sockets when null.</param>
    public static GrpcChannel Channel(Uri address, string? token, HttpMessageHandler? inner = null)
    {
        var transport = inner ?? new SocketsHttpHandler { EnableMultipleHttp2Connections = true };
        return GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = token is null ? transport : new BearerTokenHandler(() => token) { InnerHandler = transport },
            DisposeHttpClient = true,
        });
    }

    private static (string SigningKey, string PublicKeys) CreateKeys(string name) =>
        SigningKeyFiles.Create(Path.Combine(Path.GetTempPath(), "vigia-test-keys", $"{Environment.ProcessId}-{Guid.NewGuid():N}", name));
}
