using System.CommandLine;
using System.Globalization;
using RabbitMQ.Client.Exceptions;

namespace Vigia.Cli.Errors;

/// <summary>
/// <c>vigia errors list</c> and <c>vigia errors replay</c>: the messages consumers gave up on (MassTransit's _error
/// queues), why, and moving them back once what made them fail is mended (docs/faults.md).
/// </summary>
internal static class ErrorsCommand
{
    public static Command Create() => new("errors", "Messages consumers gave up on (the _error queues): list them, replay them.")
    {
        CreateList(),
        CreateReplay(),
    };

    private static Command CreateList()
    {
        var rabbitMq = BrokerAddresses.CreateAmqpOption();
        var management = BrokerAddresses.CreateManagementOption();
        var list = new Command("list", $"Each _error queue with its count, and each message's id, type, fault and time (the first {ErrorQueues.ShownPerQueue}).")
        {
            rabbitMq,
            management,
        };
        list.SetAction(async (parseResult, ct) =>
        {
            if (BrokerAddresses.Parse(parseResult, rabbitMq, management) is not { } broker)
            {
                return 2;
            }

            try
            {
                var queues = await ErrorQueues.ListAsync(broker, ct);
                if (queues.Count == 0)
                {
                    Console.WriteLine($"No _error queue in virtual host {broker.VirtualHost}.");
                }

                foreach (var (queue, messages) in queues)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{queue.Name}\t{queue.Messages ?? 0} message(s)"));
                    foreach (var message in messages)
                    {
                        Console.WriteLine($"  {message.MessageId}\t{message.MessageType}\t{message.FaultedAt}\t{message.Fault}");
                    }
                }

                return 0;
            }
            catch (Exception e) when (e is HttpRequestException or Refit.ApiException)
            {
                Console.Error.WriteLine($"RabbitMQ's management API at {broker.Management.GetLeftPart(UriPartial.Authority)} did not answer: {e.Message} " +
                                        "(is the rabbitmq_management plugin enabled? --management names another address)");
                return 1;
            }
        });
        return list;
    }

    private static Command CreateReplay()
    {
        var queue = new Argument<string>("queue") { Description = "The _error queue to replay, e.g. registry-reports-accepted_error." };
        var messageId = new Option<string?>("--message-id") { Description = "Replay only this message (its id as `vigia errors list` shows it)." };
        var all = new Option<bool>("--all") { Description = "Replay every message of the queue." };
        var rabbitMq = BrokerAddresses.CreateAmqpOption();
        var replay = new Command("replay", "Move messages from an _error queue back to their queue, with their headers and message id.")
        {
            queue,
            messageId,
            all,
            rabbitMq,
        };
        replay.SetAction(async (parseResult, ct) =>
        {
            var id = parseResult.GetValue(messageId);
            if ((id is null) == !parseResult.GetValue(all))
            {
                Console.Error.WriteLine("Say which messages to replay: --message-id ID, or --all.");
                return 2;
            }

            if (BrokerAddresses.Parse(parseResult, rabbitMq) is not { } broker)
            {
                return 2;
            }

            var name = parseResult.GetValue(queue)!;
            try
            {
                var moved = await ErrorReplay.ReplayAsync(broker, name, id, ct);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Replayed {moved} message(s) from {name} to {name[..^ErrorReplay.Suffix.Length]}."));
                return id is not null && moved == 0 ? 1 : 0;
            }
            catch (Exception e) when (e is OperationInterruptedException or BrokerUnreachableException or RabbitMQ.Client.Exceptions.PublishException)
            {
                Console.Error.WriteLine($"Replay from {name} failed: {e.Message}");
                return 1;
            }
        });
        return replay;
    }
}
