using Vigia.Registry;
using Vigia.Registry.Data;
using Vigia.ServiceDefaults;
using Vigia.ServiceDefaults.Delivery;
using Vigia.ServiceDefaults.Messaging;
using Vigia.ServiceDefaults.Persistence;

if (SetAsideCommand.IsRequested(args))
{
    Environment.ExitCode = await SetAsideCommand.RunAsync<RegistryDbContext>(args, b => b.AddRegistry(), Console.Out);
    return;
}

if (MigrateCommand.IsRequested(args))
{
    await MigrateCommand.RunAsync(args, b => b.AddServiceDatabase<RegistryDbContext, SqliteRegistryDbContext>(RegistryDbContext.Schema));
    return;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("registry", 5102);
builder.AddRegistry();
builder.AddBus();

var app = builder.Build();
app.MapRegistry();
app.MapDefaultEndpoints();
await app.RunAsync();
