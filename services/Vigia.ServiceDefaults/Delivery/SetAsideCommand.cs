using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Vigia.ServiceDefaults.Persistence;

namespace Vigia.ServiceDefaults.Delivery;

/// <summary>
/// <c>dotnet Vigia.&lt;Service&gt;.dll set-aside list|replay [--id ID]</c>: shows the items the service's consumers set
/// aside (<see cref="BatchIsolation{TContext}"/>), or hands them back to the consumer that set each aside
/// (<see cref="ISetAsideItemHandler{TItem}"/>). A replayed item that is handled is removed; one that fails again
/// stays, with the new reason. Like <c>migrate</c>, it builds a host with the service's registrations but starts
/// nothing and needs no broker: what a replay commits to the outbox, the running service's relay publishes.
/// Exit code 0 when everything asked for was listed or replayed, 1 when an item is still failing, 2 for bad usage.
/// </summary>
public static class SetAsideCommand
{
    public const string Verb = "set-aside";

    private const string Usage = "usage: set-aside list|replay [--id ID] [--ConnectionStrings:postgres=...]";

    public static bool IsRequested(string[] args) => args is [Verb, ..];

    /// <param name="addService">The service's registrations, e.g. <c>b => b.AddRegistry()</c>.</param>
    public static async Task<int> RunAsync<TContext>(string[] args, Action<IHostApplicationBuilder> addService, TextWriter output)
        where TContext : DbContext
    {
        if (args is not [Verb, "list" or "replay", ..] || !TryReadId(args[2..], out var id, out var settings))
        {
            await output.WriteLineAsync(Usage);
            return 2;
        }

        using var host = CommandHost.Build(settings, builder =>
        {
            builder.Services.TryAddSingleton(TimeProvider.System);
            addService(builder);
        });
        var items = await ReadAsync<TContext>(host.Services, id);
        if (id is not null && items.Count == 0)
        {
            await output.WriteLineAsync($"No set-aside item {id}.");
            return 1;
        }

        return args[1] == "list" ? await ListAsync(items, output) : await ReplayAsync<TContext>(host.Services, items, output);
    }

    /// <summary>The --id option (a set-aside item's id), if any, and the other arguments, which configure the host.</summary>
    private static bool TryReadId(string[] args, out Guid? id, out string[] settings)
    {
        id = null;
        settings = args;
        var at = Array.IndexOf(args, "--id");
        if (at < 0)
        {
            return true;
        }

        if (at + 1 >= args.Length || !Guid.TryParse(args[at + 1], out var parsed))
        {
            return false;
        }

        id = parsed;
        settings = [.. args[..at], .. args[(at + 2)..]];
        return true;
    }

    private static async Task<List<SetAsideItem>> ReadAsync<TContext>(IServiceProvider services, Guid? id)
        where TContext : DbContext
    {
        await using var scope = services.CreateAsyncScope();
        var items = scope.ServiceProvider.GetRequiredService<TContext>().Set<SetAsideItem>().AsNoTracking();
        return await (id is { } one ? items.Where(i => i.Id == one) : items).OrderBy(i => i.SetAsideAt).ToListAsync();
    }

    private static async Task<int> ListAsync(List<SetAsideItem> items, TextWriter output)
    {
        foreach (var item in items)
        {
            await output.WriteLineAsync(string.Join('\t',
                item.Id, item.SetAsideAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture), item.Consumer, item.ItemKey, item.Reason));
        }

        await output.WriteLineAsync($"{items.Count} set-aside item(s).");
        return 0;
    }

    private static async Task<int> ReplayAsync<TContext>(IServiceProvider services, List<SetAsideItem> items, TextWriter output)
        where TContext : DbContext
    {
        var failing = 0;
        foreach (var item in items)
        {
            string? reason;
            await using (var scope = services.CreateAsyncScope())
            {
                reason = await HandleAsync(scope.ServiceProvider, item);
            }

            // A fresh context: the handler's may hold what its failed attempt tracked.
            await using (var scope = services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<TContext>();
                var stored = await db.Set<SetAsideItem>().SingleAsync(i => i.Id == item.Id);
                if (reason is null)
                {
                    db.Remove(stored);
                }
                else
                {
                    stored.Reason = reason;
                    failing++;
                }

                await db.SaveChangesAsync();
            }

            await output.WriteLineAsync(reason is null ? $"{item.Id}\treplayed\t{item.ItemKey}" : $"{item.Id}\tstill failing\t{item.ItemKey}\t{reason}");
        }

        await output.WriteLineAsync($"{items.Count - failing} of {items.Count} set-aside item(s) replayed.");
        return failing == 0 ? 0 : 1;
    }

    /// <summary>Null when the consumer handled the item; why not otherwise.</summary>
    private static async Task<string?> HandleAsync(IServiceProvider services, SetAsideItem item)
    {
        if (services.GetKeyedService<ISetAsideReplayer>(item.Consumer) is not { } replayer)
        {
            return $"no consumer {item.Consumer} in this service can replay it";
        }

        try
        {
            await replayer.ReplayAsync(item, CancellationToken.None);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return SetAsideItem.ReasonOf(ex);
        }
    }
}
