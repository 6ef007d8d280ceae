using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Vigia.ServiceDefaults.Persistence;

namespace Vigia.Testing;

/// <summary>A service's database as a command-line host reaches it with the same settings, for what a test writes and checks.</summary>
public static class ServiceDatabaseScope
{
    public static async Task WithAsync<TContext, TSqliteContext>(string[] settings, string schema, Func<TContext, Task> use)
        where TContext : DbContext
        where TSqliteContext : TContext
    {
        var builder = Host.CreateApplicationBuilder(settings);
        // The outbox relay beside the context needs a bus this host never starts.
        builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateOnBuild = false }));
        builder.AddServiceDatabase<TContext, TSqliteContext>(schema);
        using var host = builder.Build();
        await using var scope = host.Services.CreateAsyncScope();
        await use(scope.ServiceProvider.GetRequiredService<TContext>());
    }
}
