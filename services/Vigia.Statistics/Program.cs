using Vigia.ServiceDefaults;
using Vigia.ServiceDefaults.Messaging;
using Vigia.Statistics;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("statistics", 5103);
builder.AddStatistics();
builder.AddBus();

var app = builder.Build();
app.MapStatistics();
app.MapDefaultEndpoints();
app.Run();
