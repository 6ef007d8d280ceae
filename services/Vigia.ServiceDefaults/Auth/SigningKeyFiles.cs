using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Vigia.ServiceDefaults.Auth;

/// <summary>
/// Local signing keys for installations without an identity provider: a private RSA key as a JWK
/// (signing-key.json, readable by its owner only) and its public half as a JWKS (jwks.json), which
/// is what services are given in Vigia:Auth:SigningKeysFile.
/// </summary>
public static class SigningKeyFiles
{
    public const string SigningKeyFileName = "signing-key.json";
    public const string PublicKeysFileName = "jwks.json";

    /// <summary>Writes a new key pair into <paramref name="directory"/>; refuses to overwrite an existing key.</summary>
    /// <returns>The paths of the private key and of the public JWKS.</returns>
    public static (string SigningKey, string PublicKeys) Create(string directory)
    {
        Directory.CreateDirectory(directory);
        var signingKeyPath = Path.Combine(directory, SigningKeyFileName);
        var publicKeysPath = Path.Combine(directory, PublicKeysFileName);
        if (File.Exists(signingKeyPath))
        {
            throw new IOException($"{signingKeyPath} already exists; remove it first to replace the key (tokens it signed stop working).");
        }

        using var rsa = RSA.Create(2048);
        var p = rsa.ExportParameters(includePrivateParameters: true);
        var keyId = Base64UrlEncoder.Encode(SHA256.HashData(p.Modulus!))[..16];
        var publicJwk = new Dictionary<string, string>
        {
            ["kty"] = "RSA",
            ["kid"] = keyId,
            ["use"] = "sig",
            ["alg"] = SecurityAlgorithms.RsaSha256,
            ["n"] = Base64UrlEncoder.Encode(p.Modulus),
            ["e"] = Base64UrlEncoder.Encode(p.Exponent),
        };
        var privateJwk = new Dictionary<string, string>(publicJwk)
        {
            ["d"] = Base64UrlEncoder.Encode(p.D),
            ["p"] = Base64UrlEncoder.Encode(p.P),
            ["q"] = Base64UrlEncoder.Encode(p.Q),
            ["dp"] = Base64UrlEncoder.Encode(p.DP),
            ["dq"] = Base64UrlEncoder.Encode(p.DQ),
            ["qi"] = Base64UrlEncoder.Encode(p.InverseQ),
        };

        WriteOwnerOnly(signingKeyPath, JsonSerializer.Serialize(privateJwk));
        File.WriteAllText(publicKeysPath, JsonSerializer.Serialize(new { keys = new[] { publicJwk } }));
        return (signingKeyPath, publicKeysPath);
    }

    /// <summary>The private key a token is signed with.</summary>
    public static JsonWebKey ReadSigningKey(string path)
    {
        var key = new JsonWebKey(File.ReadAllText(path));
        if (!key.HasPrivateKey)
        {
            throw new InvalidDataException($"{path} holds no private key: give the signing-key.json that `vigia keys create` wrote.");
        }

        return key;
    }

    /// <summary>The public keys tokens may be signed with.</summary>
    public static IList<SecurityKey> ReadPublicKeys(string path)
    {
        var keys = new JsonWebKeySet(File.ReadAllText(path)).GetSigningKeys();
        return keys.Count > 0 ? keys : throw new InvalidDataException($"{path} holds no signing keys.");
    }

    /// <summary>Writes a secret (a private key, a token) readable by its owner only.</summary>
    public static void WriteOwnerOnly(string path, string contents)
    {
        using (File.Create(path))
        {
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.WriteAllText(path, contents);
    }
}
