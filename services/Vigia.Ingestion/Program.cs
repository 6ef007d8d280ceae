using Vigia.Ingestion;
using Vigia.ServiceDefaults;
using Vigia.ServiceDefaults.Messaging;
using Vigia.ServiceDefaults.Persistence;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("ingestion", 5101);
builder.AddIngestion();
builder.AddBus();

var app = builder.Build();
if (await app.RunIfRequestedAsync(args))
{
    return;
}

app.MapIngestion();
app.MapDefaultEndpoints();
await app.RunAsync();
