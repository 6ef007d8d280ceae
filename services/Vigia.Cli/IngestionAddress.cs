using System.CommandLine;

namespace Vigia.Cli;

/// <summary>The <c>--ingestion URL</c> option the commands that talk to ingestion share.</summary>
internal static class IngestionAddress
{
    public static Option<string> CreateOption() => new("--ingestion")
    {
        Description = "Ingestion's address.",
        DefaultValueFactory = _ => "http://localhost:5101",
    };

    /// <summary>The address, or null after saying on standard error why the text is not one.</summary>
    public static Uri? Parse(ParseResult parseResult, Option<string> option)
    {
        if (ServiceChannel.ParseAddress(parseResult.GetValue(option)) is { } address)
        {
            return address;
        }

        Console.Error.WriteLine("--ingestion must be an http or https address, e.g. http://localhost:5101.");
        return null;
    }
}
