using Microsoft.Extensions.Options;

namespace Vigia.Ingestion.Feeds.Acled;

/// <summary>
/// Holds ACLED's access token and renews it a minute before it expires (ACLED's last 24 hours): with the refresh token
/// when there is one, else, or when that fails, with a new password grant.
/// </summary>
public sealed class AcledTokens(IAcledAuthApi auth, IOptions<AcledFeedOptions> options, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan s_margin = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _lock = new(1, 1);
    private AcledToken? _token;
    private DateTimeOffset _expiresAt;

    public async Task<string> GetAsync(CancellationToken ct)
    {
        await _lock.WaitAsync(ct);
        try
        {
            if (_token is null || time.GetUtcNow() >= _expiresAt - s_margin)
            {
                _token = await RenewAsync(ct);
                _expiresAt = time.GetUtcNow().AddSeconds(_token.ExpiresIn);
            }

            return _token.AccessToken;
        }
        finally
        {
            _lock.Release();
        }
    }

    public void Dispose() => _lock.Dispose();

    private async Task<AcledToken> RenewAsync(CancellationToken ct)
    {
        if (_token?.RefreshToken is { Length: > 0 } refreshToken)
        {
            try
            {
                return await auth.GetTokenAsync(new Dictionary<string, string>
                {
                    ["grant_type"] = "refresh_token",
                    ["refresh_token"] = refreshToken,
                    ["client_id"] = "acled",
                }, ct);
            }
            catch (Refit.ApiException)
            {
                // An expired or revoked refresh token: start over with the password.
            }
        }

        var settings = options.Value;
        return await auth.GetTokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = settings.Username,
            ["password"] = settings.Password,
            ["client_id"] = "acled",
            ["scope"] = "authenticated",
        }, ct);
    }
}
