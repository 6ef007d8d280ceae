using System.Text.Json;
using Vigia.Cli.Errors;

namespace Vigia.Cli.Tests.Errors;

/// <summary>How `vigia errors list` names a faulted message's type, whatever its body's format.</summary>
public class FaultedMessageTests
{
    [Fact]
    public void From_JsonEnvelope_NamesTheEnvelopesMessageType()
    {
        var message = Message(
            """{"messageId":"x","messageType":["urn:message:Vigia.Contracts.Messages:ReportsWithdrawn"],"message":{}}""", "string", []);

        Assert.Equal("Vigia.Contracts.Messages:ReportsWithdrawn", FaultedMessage.From(message).MessageType);
    }

    [Fact]
    public void From_ProtobufBody_NamesTheMessageTypeHeader()
    {
        var message = Message(Convert.ToBase64String([0x0a, 0x10, 0xff, 0x00]), "base64", new()
        {
            ["MT-MessageType"] = JsonSerializer.SerializeToElement("urn:message:Vigia.Contracts.Messages:ReportsAccepted"),
            ["MT-Fault-ExceptionType"] = JsonSerializer.SerializeToElement("System.InvalidOperationException"),
        });

        var faulted = FaultedMessage.From(message);

        Assert.Equal("Vigia.Contracts.Messages:ReportsAccepted", faulted.MessageType);
        Assert.Equal("System.InvalidOperationException", faulted.Fault);
    }

    private static ManagementMessage Message(string payload, string encoding, Dictionary<string, JsonElement> headers) =>
        new(payload, encoding, new ManagementMessageProperties("m-1", 1_700_000_000, headers));
}
