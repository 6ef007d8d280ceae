using System.CommandLine;
using Vigia.Cli;
using Vigia.Cli.Analysis;
using Vigia.Cli.Detect;
using Vigia.Cli.Errors;
using Vigia.Cli.Feeds;
using Vigia.Cli.Import;
using Vigia.Cli.Keys;

var root = new RootCommand("vigia: the Vigia command-line tool for analysts and operators.")
{
    DetectCommand.Create(),
    ImportCommand.Create(),
    FeedsCommand.Create(),
    SeriesCommand.Create(),
    CompareCommand.Create(),
    RankCommand.Create(),
    PlotCommand.Create(),
    EvaluateCommand.Create(),
    KeysCommand.Create(),
    TokenCommand.Create(),
    ErrorsCommand.Create(),
};
try
{
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (ArgumentException e)
{
    // A bad enum name or address: the message says what to fix.
    Console.Error.WriteLine(e.Message);
    return 1;
}
catch (Grpc.Core.RpcException e)
{
    Console.Error.WriteLine(ServiceErrors.Describe(e));
    return 1;
}
