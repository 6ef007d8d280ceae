using System.CommandLine;
using Vigia.ServiceDefaults.Auth;

namespace Vigia.Cli.Keys;

/// <summary>
/// <c>vigia keys create --out DIR</c>: a signing key (signing-key.json, private, owner-readable only)
/// and its public JWKS (jwks.json) for installations without an identity provider. Services get the
/// JWKS in Vigia__Auth__SigningKeysFile; `vigia token` signs with the private key.
/// </summary>
internal static class KeysCommand
{
    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "The folder to write signing-key.json and jwks.json into.", Required = true };
        var create = new Command("create", "Create a signing key and its public JWKS.") { output };
        create.SetAction(parseResult =>
        {
            var directory = parseResult.GetValue(output)!;
            try
            {
                var (signingKey, publicKeys) = SigningKeyFiles.Create(directory.FullName);
                parseResult.InvocationConfiguration.Output.WriteLine($"Signing key (keep it secret): {signingKey}");
                parseResult.InvocationConfiguration.Output.WriteLine($"Public keys (give to the services as Vigia__Auth__SigningKeysFile): {publicKeys}");
                return 0;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                parseResult.InvocationConfiguration.Error.WriteLine(e.Message);
                return 1;
            }
        });
        return new Command("keys", "Local signing keys for installations without an identity provider.") { create };
    }
}
