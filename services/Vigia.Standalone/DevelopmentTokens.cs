using Vigia.ServiceDefaults;
using Vigia.ServiceDefaults.Auth;

namespace Vigia.Standalone;

/// <summary>
/// The embedded default enforces tokens like any service, yet must start with no setup: unless an
/// identity provider or key file is configured, it keeps a signing key in its data folder (made on
/// first start), trusts it, signs its own calls with it, and writes a token with every scope to
/// &lt;data dir&gt;/dev-token for the developer's clients.
/// </summary>
public static class DevelopmentTokens
{
    public const string FileName = "dev-token";
    public const string Subject = "developer";

    private static readonly TimeSpan s_lifetime = TimeSpan.FromDays(30);

    /// <returns>Where the dev-token was written; null when the installation brings its own keys.</returns>
    public static string? Prepare(ConfigurationManager configuration)
    {
        if (!string.IsNullOrWhiteSpace(configuration[AuthSettings.Authority]) || !string.IsNullOrWhiteSpace(configuration[AuthSettings.SigningKeysFile]))
        {
            return null;
        }

        var directory = EmbeddedMode.DataDirectory(configuration);
        var signingKeyFile = Path.Combine(directory, SigningKeyFiles.SigningKeyFileName);
        var publicKeysFile = Path.Combine(directory, SigningKeyFiles.PublicKeysFileName);
        if (!File.Exists(signingKeyFile))
        {
            SigningKeyFiles.Create(directory);
        }

        configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [AuthSettings.SigningKeysFile] = publicKeysFile,
            [AuthSettings.ClientSigningKeyFile] = configuration[AuthSettings.ClientSigningKeyFile] ?? signingKeyFile,
        });

        var audience = configuration[AuthSettings.Audience] is { Length: > 0 } configured ? configured : AuthSettings.DefaultAudience;
        var token = LocalTokens.Issue(SigningKeyFiles.ReadSigningKey(signingKeyFile), Subject, Scopes.All, s_lifetime, audience);
        var tokenFile = Path.Combine(directory, FileName);
        File.Delete(tokenFile);
        SigningKeyFiles.WriteOwnerOnly(tokenFile, token);
        return tokenFile;
    }
}
