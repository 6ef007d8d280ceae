using System.CommandLine;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Vigia.Cli.Keys;
using Vigia.ServiceDefaults.Auth;

namespace Vigia.Security.Tests;

public sealed class TokenCommandTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "vigia-keys-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task KeysCreateThenToken_ScopesSubjectAndLifetime_ValidateAgainstThePublicKeys()
    {
        var root = new RootCommand { KeysCommand.Create(), TokenCommand.Create() };
        var output = new StringWriter();

        var created = root.Parse(["keys", "create", "--out", _directory]).Invoke(new InvocationConfiguration { Output = new StringWriter() });
        var printed = root.Parse(["token", "--key", Path.Combine(_directory, "signing-key.json"), "--scope", "vigia.read vigia.ingest",
            "--subject", "team-x", "--expires", "8h"]).Invoke(new InvocationConfiguration { Output = output });
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(output.ToString().Trim(), new TokenValidationParameters
        {
            IssuerSigningKeys = SigningKeyFiles.ReadPublicKeys(Path.Combine(_directory, "jwks.json")),
            ValidAudience = "vigia",
            ValidateIssuer = false,
        });

        Assert.Equal((0, 0), (created, printed));
        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.Equal("team-x", result.Claims["sub"]);
        Assert.Equal("vigia.read vigia.ingest", result.Claims["scope"]);
        var lifetime = ((JsonWebToken)result.SecurityToken).ValidTo - ((JsonWebToken)result.SecurityToken).ValidFrom;
        Assert.Equal(TimeSpan.FromHours(8), lifetime);
        Assert.DoesNotContain("\"d\"", await File.ReadAllTextAsync(Path.Combine(_directory, "jwks.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void Token_UnknownScope_FailsWithoutAToken()
    {
        var root = new RootCommand { KeysCommand.Create(), TokenCommand.Create() };
        root.Parse(["keys", "create", "--out", _directory]).Invoke(new InvocationConfiguration { Output = new StringWriter() });
        var output = new StringWriter();
        var error = new StringWriter();

        var code = root.Parse(["token", "--key", Path.Combine(_directory, "signing-key.json"), "--scope", "vigia.everything",
            "--subject", "team-x"]).Invoke(new InvocationConfiguration { Output = output, Error = error });

        Assert.Equal(2, code);
        Assert.Empty(output.ToString());
        Assert.Contains("vigia.everything", error.ToString(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
