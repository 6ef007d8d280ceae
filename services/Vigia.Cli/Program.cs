using System.CommandLine;
using Vigia.Cli.Detect;

var root = new RootCommand("vigia: the Vigia command-line tool for analysts and operators.")
{
    DetectCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
