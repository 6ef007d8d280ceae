using Vigia.Alerting;
using Vigia.ServiceDefaults;
using Vigia.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("alerting", 5104);
builder.AddAlerting();
builder.AddBus();

var app = builder.Build();
app.MapAlerting();
app.MapDefaultEndpoints();
app.Run();
