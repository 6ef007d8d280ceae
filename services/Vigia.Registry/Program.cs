using Vigia.Registry;
using Vigia.ServiceDefaults;
using Vigia.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("registry", 5102);
builder.AddRegistry();
builder.AddBus();

var app = builder.Build();
app.MapRegistry();
app.MapDefaultEndpoints();
app.Run();
