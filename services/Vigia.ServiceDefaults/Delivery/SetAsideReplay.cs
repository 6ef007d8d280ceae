using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Vigia.ServiceDefaults.Delivery;

/// <summary>
/// A consumer whose batches go through <see cref="BatchIsolation{TContext}"/> handles its set-aside items again, one at a
/// time, the way it handles them from the bus (and as idempotently): what <c>set-aside replay</c> runs.
/// </summary>
public interface ISetAsideItemHandler<TItem>
{
    Task HandleSetAsideAsync(IReadOnlyList<TItem> items, CancellationToken ct);
}

/// <summary>Replays one set-aside item of one consumer, from the JSON <see cref="BatchIsolation{TContext}"/> kept.</summary>
public interface ISetAsideReplayer
{
    Task ReplayAsync(SetAsideItem item, CancellationToken ct);
}

public static class SetAsideReplay
{
    /// <summary>Lets <c>set-aside replay</c> hand the items set aside under <paramref name="consumer"/> back to <typeparamref name="TConsumer"/>.</summary>
    public static IServiceCollection AddSetAsideReplay<TConsumer, TItem>(this IServiceCollection services, string consumer)
        where TConsumer : class, ISetAsideItemHandler<TItem> =>
        services.AddKeyedScoped<ISetAsideReplayer>(consumer, (sp, _) => new Replayer<TItem>(ActivatorUtilities.CreateInstance<TConsumer>(sp)));

    private sealed class Replayer<TItem>(ISetAsideItemHandler<TItem> handler) : ISetAsideReplayer
    {
        public Task ReplayAsync(SetAsideItem item, CancellationToken ct)
        {
            var value = JsonSerializer.Deserialize<TItem>(item.ItemJson, SetAsideItem.Json)
                ?? throw new JsonException($"The item of {item.ItemKey} is empty.");
            return handler.HandleSetAsideAsync([value], ct);
        }
    }
}
