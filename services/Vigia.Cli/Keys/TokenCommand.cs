using System.CommandLine;
using Vigia.ServiceDefaults.Auth;

namespace Vigia.Cli.Keys;

/// <summary>
/// <c>vigia token --key DIR/signing-key.json --scope "vigia.read vigia.ingest" --subject team-x --expires 8h</c>:
/// prints a bearer token signed with a local key.
/// </summary>
internal static class TokenCommand
{
    public static Command Create()
    {
        var key = new Option<FileInfo>("--key", "-k") { Description = "The signing-key.json that `vigia keys create` wrote.", Required = true };
        var scope = new Option<string>("--scope")
        {
            Description = $"Space-separated scopes: {string.Join(", ", Scopes.All)}.",
            Required = true,
        };
        var subject = new Option<string>("--subject", "-s") { Description = "Who the token names in the audit trail, e.g. a team.", Required = true };
        var expires = new Option<string>("--expires", "-e") { Description = "Lifetime: 30m, 8h, 7d.", DefaultValueFactory = _ => "8h" };
        var audience = new Option<string>("--audience") { Description = "The audience the services expect.", DefaultValueFactory = _ => AuthSettings.DefaultAudience };
        var clientId = new Option<string?>("--client-id") { Description = "The client the token is for, recorded beside the subject." };

        var command = new Command("token", "Print a bearer token signed with a local key.") { key, scope, subject, expires, audience, clientId };
        command.SetAction(parseResult =>
        {
            var scopes = parseResult.GetValue(scope)!.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var unknown = scopes.Except(Scopes.All).ToList();
            if (scopes.Length == 0 || unknown.Count > 0)
            {
                parseResult.InvocationConfiguration.Error.WriteLine($"--scope: unknown {string.Join(", ", unknown.DefaultIfEmpty("(none given)"))}; use {string.Join(", ", Scopes.All)}.");
                return 2;
            }

            if (Lifetime.Parse(parseResult.GetValue(expires)!) is not { } lifetime)
            {
                parseResult.InvocationConfiguration.Error.WriteLine("--expires: give a number and a unit, e.g. 30m, 8h or 7d.");
                return 2;
            }

            try
            {
                var signingKey = SigningKeyFiles.ReadSigningKey(parseResult.GetValue(key)!.FullName);
                parseResult.InvocationConfiguration.Output.WriteLine(LocalTokens.Issue(
                    signingKey, parseResult.GetValue(subject)!, scopes, lifetime, parseResult.GetValue(audience)!, parseResult.GetValue(clientId)));
                return 0;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException)
            {
                parseResult.InvocationConfiguration.Error.WriteLine(e.Message);
                return 1;
            }
        });
        return command;
    }
}
