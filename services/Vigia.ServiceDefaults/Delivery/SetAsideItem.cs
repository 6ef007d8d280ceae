using System.Text.Json;
using Vigia.ServiceDefaults.Persistence;

namespace Vigia.ServiceDefaults.Delivery;

/// <summary>
/// One item of a bus batch that its consumer could not handle even on its own (an incident, a snapshot), kept with
/// the reason so an operator can see it, mend it and replay it while the rest of the batch went on.
/// </summary>
public class SetAsideItem
{
    public Guid Id { get; set; }
    public required string Consumer { get; set; }

    /// <summary>The bus message the item came in.</summary>
    public Guid MessageId { get; set; }

    /// <summary>What the item is, in words an operator can search for ("report 0a1b…", "incident 0a1b… v3").</summary>
    public required string ItemKey { get; set; }

    /// <summary>The item's .NET type and the item itself as JSON, as the batch carried it: what a replay sends again.</summary>
    public required string ItemType { get; set; }

    public required string ItemJson { get; set; }
    public required string Reason { get; set; }
    public DateTime SetAsideAt { get; set; }

    /// <summary>How an item is kept as JSON, for <see cref="SetAsideReplay"/> to read it back.</summary>
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>An item <paramref name="consumer"/> could not handle, with why (the innermost exception's words).</summary>
    public static SetAsideItem For<TItem>(string consumer, Guid messageId, string itemKey, TItem item, Exception failure, DateTime at) => new()
    {
        Id = RowIds.Next(),
        Consumer = consumer,
        MessageId = messageId,
        ItemKey = itemKey,
        ItemType = typeof(TItem).FullName ?? typeof(TItem).Name,
        ItemJson = JsonSerializer.Serialize(item, Json),
        Reason = ReasonOf(failure),
        SetAsideAt = at,
    };

    internal static string ReasonOf(Exception ex)
    {
        var innermost = ex;
        while (innermost.InnerException is { } inner)
        {
            innermost = inner;
        }

        // The innermost exception says what the database refused; kept short and printable like any violation.
        return Grpc.FieldViolations.Printable(innermost == ex ? $"{ex.GetType().Name}: {ex.Message}" : $"{innermost.GetType().Name}: {innermost.Message}");
    }
}
