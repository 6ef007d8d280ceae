using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Vigia.ServiceDefaults.Persistence;

/// <summary>
/// The host of a one-shot command of a service's own assembly (<c>migrate</c>, statistics' <c>rebuild</c>): the
/// service's configuration sources and what the command registers, nothing started, so no broker, identity
/// provider or service the command does not use needs to be configured or reachable.
/// </summary>
public static class CommandHost
{
    /// <param name="args">The command line after the verb.</param>
    public static IHost Build(string[] args, Action<IHostApplicationBuilder> configure)
    {
        var builder = Host.CreateApplicationBuilder(args);
        // The delivery services beside the context (relay, signal) are registered but never started, so the bus
        // they would need is not there: validating the whole container would refuse it.
        builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateOnBuild = false, ValidateScopes = true }));
        configure(builder);
        return builder.Build();
    }
}
