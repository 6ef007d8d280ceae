using Vigia.Ingestion;
using Vigia.ServiceDefaults;
using Vigia.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("ingestion", 5101);
builder.AddIngestion();
builder.AddBus();

var app = builder.Build();
app.MapIngestion();
app.MapDefaultEndpoints();
app.Run();
