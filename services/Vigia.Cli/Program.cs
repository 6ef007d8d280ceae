using System.CommandLine;
using Vigia.Cli.Analysis;
using Vigia.Cli.Detect;

var root = new RootCommand("vigia: the Vigia command-line tool for analysts and operators.")
{
    DetectCommand.Create(),
    SeriesCommand.Create(),
    CompareCommand.Create(),
    RankCommand.Create(),
    PlotCommand.Create(),
};
try
{
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e) when (e is ArgumentException or Grpc.Core.RpcException)
{
    // A bad enum name or an answer such as INVALID_ARGUMENT from a service: the message says what to fix.
    Console.Error.WriteLine(e.Message);
    return 1;
}
