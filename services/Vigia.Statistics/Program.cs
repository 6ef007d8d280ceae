using Vigia.ServiceDefaults;
using Vigia.ServiceDefaults.Delivery;
using Vigia.ServiceDefaults.Messaging;
using Vigia.ServiceDefaults.Persistence;
using Vigia.Statistics;
using Vigia.Statistics.Data;
using Vigia.Statistics.Rebuild;

if (SetAsideCommand.IsRequested(args))
{
    Environment.ExitCode = await SetAsideCommand.RunAsync<StatisticsDbContext>(args, b => b.AddStatistics(), Console.Out);
    return;
}

if (MigrateCommand.IsRequested(args))
{
    await MigrateCommand.RunAsync(args, b => b.AddServiceDatabase<StatisticsDbContext, SqliteStatisticsDbContext>(StatisticsDbContext.Schema));
    return;
}

if (RebuildCommand.IsRequested(args))
{
    await RebuildCommand.RunAsync(args);
    return;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("statistics", 5103);
builder.AddStatistics();
builder.AddBus();

var app = builder.Build();
app.MapStatistics();
app.MapDefaultEndpoints();
await app.RunAsync();
