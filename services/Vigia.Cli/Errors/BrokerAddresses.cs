using System.CommandLine;

namespace Vigia.Cli.Errors;

/// <summary>
/// Where the broker is: <c>--rabbitmq</c> (AMQP, with the virtual host as its path, default <c>VIGIA_RABBITMQ</c> or the
/// local broker) and <c>--management</c> (the management HTTP API, default port 15672 on the same host, same user).
/// </summary>
internal sealed record BrokerAddresses(Uri Amqp, Uri Management)
{
    public static Option<string> CreateAmqpOption() => new("--rabbitmq")
    {
        Description = "RabbitMQ's AMQP address, the virtual host as its path (default: VIGIA_RABBITMQ or amqp://guest:guest@localhost:5672/).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("VIGIA_RABBITMQ") is { Length: > 0 } uri ? uri : "amqp://guest:guest@localhost:5672/",
    };

    public static Option<string?> CreateManagementOption() => new("--management")
    {
        Description = "RabbitMQ's management API (default: http://<the AMQP host>:15672/ with the AMQP user).",
    };

    /// <summary>The virtual host the AMQP address names ("/" when it names none).</summary>
    public string VirtualHost => Amqp.AbsolutePath.Trim('/') is { Length: > 0 } path ? Uri.UnescapeDataString(path) : "/";

    /// <summary>The user and password, from the management address when it has them, else from the AMQP one.</summary>
    public (string User, string Password) Credentials
    {
        get
        {
            var userInfo = Management.UserInfo.Length > 0 ? Management.UserInfo : Amqp.UserInfo;
            var parts = userInfo.Split(':', 2);
            return parts[0].Length == 0
                ? ("guest", "guest")
                : (Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "");
        }
    }

    /// <summary>The addresses, or null after saying on standard error what is wrong with them.</summary>
    public static BrokerAddresses? Parse(ParseResult parseResult, Option<string> amqpOption, Option<string?>? managementOption = null)
    {
        if (!Uri.TryCreate(parseResult.GetValue(amqpOption), UriKind.Absolute, out var amqp) || amqp.Scheme is not ("amqp" or "amqps"))
        {
            Console.Error.WriteLine("--rabbitmq must be an amqp:// or amqps:// address, e.g. amqp://guest:guest@localhost:5672/.");
            return null;
        }

        var management = new UriBuilder("http", amqp.Host, 15672).Uri;
        if (managementOption is not null && parseResult.GetValue(managementOption) is { Length: > 0 } text)
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var given) || given.Scheme is not ("http" or "https"))
            {
                Console.Error.WriteLine("--management must be an http or https address, e.g. http://localhost:15672/.");
                return null;
            }

            management = given;
        }

        return new BrokerAddresses(amqp, management);
    }
}
