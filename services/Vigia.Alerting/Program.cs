using Vigia.Alerting;
using Vigia.ServiceDefaults;
using Vigia.ServiceDefaults.Messaging;
using Vigia.ServiceDefaults.Persistence;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("alerting", 5104);
builder.AddAlerting();
builder.AddBus();

var app = builder.Build();
if (await app.RunIfRequestedAsync(args))
{
    return;
}

app.MapAlerting();
app.MapDefaultEndpoints();
await app.RunAsync();
