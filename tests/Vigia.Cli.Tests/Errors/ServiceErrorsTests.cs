using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Vigia.Cli.Tests.Errors;

public sealed class ServiceErrorsTests
{
    private static readonly RpcException s_unauthenticated =
        new(new Grpc.Core.Status(StatusCode.Unauthenticated, "This call needs a bearer token (authorization: Bearer <token>)."));

    [Fact]
    public void Unauthenticated_WithoutAToken_SaysWhereTheEmbeddedDefaultWritesOne()
    {
        var text = ServiceErrors.Describe(s_unauthenticated, tokenSent: false);

        Assert.StartsWith("Unauthenticated: This call needs a bearer token", text);
        Assert.Contains("no token was sent: set VIGIA_TOKEN or VIGIA_TOKEN_FILE", text);
        Assert.Contains("services/Vigia.Standalone/data/dev-token", text);
    }

    [Fact]
    public void Unauthenticated_WithATokenSent_AddsNoHintAboutMissingTokens()
    {
        var text = ServiceErrors.Describe(s_unauthenticated, tokenSent: true);

        Assert.DoesNotContain("no token was sent", text);
        Assert.Equal("Unauthenticated: This call needs a bearer token (authorization: Bearer <token>).", text);
    }

    [Fact]
    public void InvalidArgument_ListsEveryFieldTheServiceNamed()
    {
        var badRequest = new BadRequest
        {
            FieldViolations =
            {
                new BadRequest.Types.FieldViolation { Field = "period.start_date", Description = "is after end_date" },
                new BadRequest.Types.FieldViolation { Field = "selector.admin1[0]", Description = "SV-XX is not a department" },
            },
        };
        var error = new Google.Rpc.Status { Code = (int)Code.InvalidArgument, Message = "2 fields are invalid", Details = { Any.Pack(badRequest) } }
            .ToRpcException();

        var lines = ServiceErrors.Describe(error, tokenSent: false).Split(Environment.NewLine);

        Assert.Equal(
            ["InvalidArgument: 2 fields are invalid", "  period.start_date: is after end_date", "  selector.admin1[0]: SV-XX is not a department"],
            lines);
    }
}
