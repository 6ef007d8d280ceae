using System.Collections.Concurrent;

namespace Vigia.ServiceDefaults.Delivery;

/// <summary>
/// The message types a service publishes through its outbox, by the name stored in each row. Each service registers
/// its own (<c>PublishesThroughOutbox&lt;T&gt;()</c>), so the relay never guesses a type from an assembly.
/// </summary>
public sealed class OutboxMessageTypes
{
    private readonly ConcurrentDictionary<string, Type> _types = new(StringComparer.Ordinal);

    public static string NameOf(Type type) => type.FullName ?? type.Name;

    public void Add(Type type) => _types[NameOf(type)] = type;

    public Type? Find(string name) => _types.GetValueOrDefault(name);
}
