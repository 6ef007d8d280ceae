using Vigia.ServiceDefaults;
using Vigia.ServiceDefaults.Messaging;
using Vigia.ServiceDefaults.Persistence;
using Vigia.Statistics;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("statistics", 5103);
builder.AddStatistics();
builder.AddBus();

var app = builder.Build();
if (await app.RunIfRequestedAsync(args))
{
    return;
}

app.MapStatistics();
app.MapDefaultEndpoints();
await app.RunAsync();
