using Grpc.Net.Client;
using Vigia.ServiceDefaults.Auth;

namespace Vigia.LoadTool.Streaming;

/// <summary>Plaintext HTTP/2 channels with room for a large batch either way, carrying the platform's bearer token when there is one.</summary>
public static class GrpcChannels
{
    public static GrpcChannel For(Uri address, string? bearerToken = null)
    {
        var sockets = new SocketsHttpHandler { EnableMultipleHttp2Connections = true };
        return GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            MaxSendMessageSize = 16 * 1024 * 1024,
            MaxReceiveMessageSize = 16 * 1024 * 1024,
            HttpHandler = bearerToken is null ? sockets : new BearerTokenHandler(() => bearerToken) { InnerHandler = sockets },
            DisposeHttpClient = true,
        });
    }
}
