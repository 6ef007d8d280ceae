using System.CommandLine;
using Vigia.Cli.Detect;
using Vigia.Cli.Feeds;
using Vigia.Cli.Import;

var root = new RootCommand("vigia: the Vigia command-line tool for analysts and operators.")
{
    DetectCommand.Create(),
    ImportCommand.Create(),
    FeedsCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
