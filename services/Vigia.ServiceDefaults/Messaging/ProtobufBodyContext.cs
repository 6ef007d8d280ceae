using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using MassTransit;
using MassTransit.Serialization;
using Vigia.Contracts.Messages.Protobuf;

namespace Vigia.ServiceDefaults.Messaging;

/// <summary>One received protobuf body: the message its headers name, parsed once when a consumer asks for it.</summary>
internal sealed class ProtobufBodyContext(ProtobufBodySerializer serializer, MessageContext context, string[] messageTypes, byte[] body)
    : BaseSerializerContext(SystemTextJsonMessageSerializer.Instance, context, messageTypes)
{
    private readonly Dictionary<Type, object> _messages = [];

    public override bool TryGetMessage<T>(out T? message)
        where T : class
    {
        message = TryGetMessage(typeof(T), out var read) ? (T)read : null;
        return message is not null;
    }

    public override bool TryGetMessage(Type messageType, [NotNullWhen(true)] out object? message)
    {
        if (_messages.TryGetValue(messageType, out message))
        {
            return true;
        }

        if (!ProtobufBodies.Carries(messageType) || !IsSupportedMessageType(messageType))
        {
            message = null;
            return false;
        }

        message = ProtobufBodies.Read(messageType, body);
        _messages[messageType] = message;
        return true;
    }

    // Sending a message on (a redelivery, a forward) writes it as protobuf again when it has a protobuf body.
    public override IMessageSerializer GetMessageSerializer() => serializer;

    public override IMessageSerializer GetMessageSerializer<T>(MessageEnvelope envelope, T message) => SerializerFor(typeof(T));

    public override IMessageSerializer GetMessageSerializer(object message, string[] messageTypes) => SerializerFor(message.GetType());

    private IMessageSerializer SerializerFor(Type messageType) =>
        ProtobufBodies.Carries(messageType) ? serializer : SystemTextJsonMessageSerializer.Instance;

    public override Dictionary<string, object> ToDictionary<T>(T? message)
        where T : class =>
        message is null
            ? new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase)
            : JsonSerializer.Deserialize<Dictionary<string, object>>(JsonSerializer.SerializeToUtf8Bytes(message, SystemTextJsonMessageSerializer.Options), SystemTextJsonMessageSerializer.Options)
                ?? new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
}
