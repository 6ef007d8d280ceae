using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Vigia.Cli.Errors;

/// <summary>One message in an _error queue as an operator reads it: what it is and why MassTransit moved it there.</summary>
internal sealed record FaultedMessage(string MessageId, string MessageType, string Fault, string FaultedAt)
{
    /// <summary>From the MT-Fault-* headers MassTransit sets when it moves a message to _error, and the envelope's message type.</summary>
    public static FaultedMessage From(ManagementMessage message)
    {
        var headers = message.Properties.Headers ?? [];
        var exception = Header(headers, "MT-Fault-ExceptionType");
        var reason = Header(headers, "MT-Fault-Message") ?? Header(headers, "MT-Reason");
        var fault = (exception, reason) switch
        {
            (null, null) => "-",
            (null, { } r) => r,
            ({ } e, null) => e,
            ({ } e, { } r) => $"{e}: {r}",
        };
        return new FaultedMessage(
            message.Properties.MessageId ?? "-",
            EnvelopeMessageType(message) ?? HeaderMessageType(headers) ?? "-",
            fault.ReplaceLineEndings(" "),
            Header(headers, "MT-Fault-Timestamp")
                ?? (message.Properties.Timestamp is { } seconds
                    ? DateTimeOffset.FromUnixTimeSeconds(seconds).ToString("O", CultureInfo.InvariantCulture)
                    : "-"));
    }

    private static string? Header(Dictionary<string, JsonElement> headers, string name) =>
        headers.TryGetValue(name, out var value) ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText() : null;

    // A protobuf body (docs/bus.md) is the message alone: MassTransit names its types in the MT-MessageType header instead.
    private static string? HeaderMessageType(Dictionary<string, JsonElement> headers) =>
        Header(headers, "MT-MessageType")?.Split(';')[0].Replace("urn:message:", "", StringComparison.Ordinal);

    // MassTransit's JSON envelope names the message's types as URNs ("urn:message:Vigia.Contracts.Messages:ReportsWithdrawn"),
    // near its start: read tokens up to it, so a body the API truncated still names its type.
    private static string? EnvelopeMessageType(ManagementMessage message)
    {
        if (message.PayloadEncoding != "string")
        {
            return null;
        }

        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(message.Payload), isFinalBlock: false, state: default);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("messageType"))
                {
                    return reader.Read() && reader.TokenType == JsonTokenType.StartArray && reader.Read() && reader.TokenType == JsonTokenType.String
                        ? reader.GetString()?.Replace("urn:message:", "", StringComparison.Ordinal)
                        : null;
                }
            }
        }
        catch (JsonException)
        {
            // Not a MassTransit envelope.
        }

        return null;
    }
}
