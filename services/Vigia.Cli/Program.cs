using System.CommandLine;
using Vigia.Cli.Detect;
using Vigia.Cli.Keys;

var root = new RootCommand("vigia: the Vigia command-line tool for analysts and operators.")
{
    DetectCommand.Create(),
    KeysCommand.Create(),
    TokenCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
