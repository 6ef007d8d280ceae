using Vigia.Registry;
using Vigia.ServiceDefaults;
using Vigia.ServiceDefaults.Messaging;
using Vigia.ServiceDefaults.Persistence;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("registry", 5102);
builder.AddRegistry();
builder.AddBus();

var app = builder.Build();
if (await app.RunIfRequestedAsync(args))
{
    return;
}

app.MapRegistry();
app.MapDefaultEndpoints();
await app.RunAsync();
