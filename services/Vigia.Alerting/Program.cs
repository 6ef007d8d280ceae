using Vigia.Alerting;
using Vigia.Alerting.Data;
using Vigia.ServiceDefaults;
using Vigia.ServiceDefaults.Delivery;
using Vigia.ServiceDefaults.Messaging;
using Vigia.ServiceDefaults.Persistence;

if (SetAsideCommand.IsRequested(args))
{
    Environment.ExitCode = await SetAsideCommand.RunAsync<AlertingDbContext>(args, b => b.AddAlertingDatabase(), Console.Out);
    return;
}

if (MigrateCommand.IsRequested(args))
{
    await MigrateCommand.RunAsync(args, b => b.AddServiceDatabase<AlertingDbContext, SqliteAlertingDbContext>(AlertingDbContext.Schema));
    return;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("alerting", 5104);
builder.AddAlerting();
builder.AddBus();

var app = builder.Build();
app.MapAlerting();
app.MapDefaultEndpoints();
await app.RunAsync();
