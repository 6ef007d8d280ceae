using System.CommandLine;
using System.Globalization;
using Grpc.Core;
using Grpc.Net.Client;
using Spectre.Console;
using Vigia.Ingestion.V1;

namespace Vigia.Cli.Feeds;

/// <summary><c>vigia feeds status</c>: each feed ingestion pulls, with its checkpoint, last run and last error.</summary>
internal static class FeedsCommand
{
    public static Command Create()
    {
        var ingestion = IngestionAddress.CreateOption();
        var status = new Command("status", "Show each feed's checkpoint, last run and last error.") { ingestion };
        status.SetAction(async (parseResult, ct) =>
        {
            if (IngestionAddress.Parse(parseResult, ingestion) is not { } address)
            {
                return 2;
            }

            try
            {
                using var channel = ServiceChannel.For(address);
                var response = await new IngestionService.IngestionServiceClient(channel).ListFeedsAsync(new ListFeedsRequest(), cancellationToken: ct);
                Print(response);
                return 0;
            }
            catch (RpcException e)
            {
                Console.Error.WriteLine($"ingestion at {address}: {ServiceErrors.Describe(e)}");
                return 1;
            }
        });
        return new Command("feeds", "The feeds ingestion pulls (e.g. ACLED).") { status };
    }

    private static void Print(ListFeedsResponse response)
    {
        if (response.Feeds.Count == 0)
        {
            AnsiConsole.WriteLine("No feed has run yet.");
            return;
        }

        var table = new Table().AddColumn("feed").AddColumn("changes since").AddColumn("deletions since").AddColumn("last run").AddColumn("records").AddColumn("last error");
        foreach (var feed in response.Feeds)
        {
            table.AddRow(
                Markup.Escape(feed.Name),
                DateTimeOffset.FromUnixTimeSeconds(feed.ChangesSince).ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture),
                feed.DeletionsSince == 0 ? "-" : DateTimeOffset.FromUnixTimeSeconds(feed.DeletionsSince).ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture),
                feed.LastRunTime?.ToDateTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) ?? "never",
                feed.LastRunRecords.ToString("N0", CultureInfo.InvariantCulture),
                Markup.Escape(feed.LastError.Length == 0 ? "-" : feed.LastError));
        }

        AnsiConsole.Write(table);
    }
}
