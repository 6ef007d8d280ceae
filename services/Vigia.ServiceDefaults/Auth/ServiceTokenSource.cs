using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.Tokens;

namespace Vigia.ServiceDefaults.Auth;

/// <summary>
/// The bearer token a service sends when it calls another service: read from Vigia:Auth:Client:TokenFile
/// (re-read when the file changes, e.g. a rotated Kubernetes secret), or minted for an hour at a time
/// with the signing key in Vigia:Auth:Client:SigningKeyFile.
/// </summary>
public sealed class ServiceTokenSource
{
    private static readonly TimeSpan s_mintedLifetime = TimeSpan.FromHours(1);
    private static readonly TimeSpan s_renewBefore = TimeSpan.FromMinutes(5);

    private readonly string? _tokenFile;
    private readonly JsonWebKey? _signingKey;
    private readonly string _subject;
    private readonly string[] _scopes;
    private readonly string _audience;
    private readonly Lock _lock = new();
    private string _token = "";
    private DateTime _validUntil;
    private DateTime _fileWrittenAt;

    private ServiceTokenSource(string? tokenFile, JsonWebKey? signingKey, string subject, string[] scopes, string audience)
    {
        _tokenFile = tokenFile;
        _signingKey = signingKey;
        _subject = subject;
        _scopes = scopes;
        _audience = audience;
    }

    /// <param name="subject">Who the minted tokens name, e.g. "vigia-alerting".</param>
    public static ServiceTokenSource FromConfiguration(IConfiguration configuration, string subject)
    {
        var scopes = (configuration[AuthSettings.ClientScope] is { Length: > 0 } configured ? configured : Scopes.Read)
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var audience = configuration[AuthSettings.Audience] is { Length: > 0 } a ? a : AuthSettings.DefaultAudience;
        if (configuration[AuthSettings.ClientTokenFile] is { Length: > 0 } tokenFile)
        {
            return new ServiceTokenSource(tokenFile, null, subject, scopes, audience);
        }

        if (configuration[AuthSettings.ClientSigningKeyFile] is { Length: > 0 } keyFile)
        {
            return new ServiceTokenSource(null, SigningKeyFiles.ReadSigningKey(keyFile), subject, scopes, audience);
        }

        throw new MissingConfigurationException(
            $"This service calls other Vigia services and needs a token to send: set {AuthSettings.ClientTokenFile} " +
            $"(env Vigia__Auth__Client__TokenFile, a file with a token carrying {string.Join(' ', scopes)}) or " +
            $"{AuthSettings.ClientSigningKeyFile} (env Vigia__Auth__Client__SigningKeyFile). See docs/security.md.");
    }

    public string Current()
    {
        lock (_lock)
        {
            return _tokenFile is not null ? FromFile(_tokenFile) : Minted(_signingKey!);
        }
    }

    private string FromFile(string path)
    {
        var writtenAt = File.GetLastWriteTimeUtc(path);
        if (writtenAt != _fileWrittenAt)
        {
            _token = File.ReadAllText(path).Trim();
            _fileWrittenAt = writtenAt;
        }

        return _token;
    }

    private string Minted(JsonWebKey key)
    {
        var now = DateTime.UtcNow;
        if (now + s_renewBefore >= _validUntil)
        {
            _token = LocalTokens.Issue(key, _subject, _scopes, s_mintedLifetime, _audience, clientId: _subject, notBefore: now);
            _validUntil = now + s_mintedLifetime;
        }

        return _token;
    }
}
