using Grpc.Net.Client;

namespace Vigia.LoadTool.Streaming;

/// <summary>Plaintext HTTP/2 channels with room for a large batch either way.</summary>
public static class GrpcChannels
{
    public static GrpcChannel For(Uri address) => GrpcChannel.ForAddress(address, new GrpcChannelOptions
    {
        MaxSendMessageSize = 16 * 1024 * 1024,
        MaxReceiveMessageSize = 16 * 1024 * 1024,
    });
}
