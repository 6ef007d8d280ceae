using Vigia.Ingestion;
using Vigia.Ingestion.Data;
using Vigia.ServiceDefaults;
using Vigia.ServiceDefaults.Messaging;
using Vigia.ServiceDefaults.Persistence;

if (MigrateCommand.IsRequested(args))
{
    await MigrateCommand.RunAsync(args, b => b.AddServiceDatabase<IngestionDbContext, SqliteIngestionDbContext>(IngestionDbContext.Schema));
    return;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("ingestion", 5101);
builder.AddIngestion();
builder.AddBus();

var app = builder.Build();
app.MapIngestion();
app.MapDefaultEndpoints();
await app.RunAsync();
