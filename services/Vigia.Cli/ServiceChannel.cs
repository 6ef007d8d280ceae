using Grpc.Core;
using Grpc.Net.Client;

namespace Vigia.Cli;

/// <summary>
/// The one way the tool opens a channel to a Vigia service, with the caller's bearer token on every call: the
/// token in VIGIA_TOKEN, else the one in the file VIGIA_TOKEN_FILE names (the embedded default writes its
/// services/Vigia.Standalone/data/dev-token).
/// </summary>
internal static class ServiceChannel
{
    public const string TokenVariable = "VIGIA_TOKEN";
    public const string TokenFileVariable = "VIGIA_TOKEN_FILE";

    /// <summary>The address of a service as a user typed it; null when it is not an absolute http or https URL.</summary>
    public static Uri? ParseAddress(string? text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var address) && address.Scheme is "http" or "https" ? address : null;

    public static GrpcChannel For(Uri address)
    {
        if (Token() is not { } token)
        {
            return GrpcChannel.ForAddress(address);
        }

        var credentials = CallCredentials.FromInterceptor((_, metadata) =>
        {
            metadata.Add("authorization", $"Bearer {token}");
            return Task.CompletedTask;
        });
        return GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            Credentials = address.Scheme == Uri.UriSchemeHttps
                ? ChannelCredentials.Create(ChannelCredentials.SecureSsl, credentials)
                : ChannelCredentials.Create(ChannelCredentials.Insecure, credentials),
            // The embedded default listens on plain HTTP/2 on this machine; the token is the caller's own.
            UnsafeUseInsecureChannelCallCredentials = true,
        });
    }

    /// <summary>Whether calls carry a token (<see cref="TokenVariable"/> or <see cref="TokenFileVariable"/> is set).</summary>
    public static bool HasToken => Token() is not null;

    private static string? Token()
    {
        if (Environment.GetEnvironmentVariable(TokenVariable) is { Length: > 0 } token)
        {
            return token.Trim();
        }

        return Environment.GetEnvironmentVariable(TokenFileVariable) is { Length: > 0 } file ? File.ReadAllText(file).Trim() : null;
    }
}
