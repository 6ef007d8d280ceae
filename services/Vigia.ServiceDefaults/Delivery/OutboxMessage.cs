namespace Vigia.ServiceDefaults.Delivery;

/// <summary>A message written in the same transaction as the state change it announces.</summary>
public class OutboxMessage
{
    /// <summary>Publication order.</summary>
    public long Sequence { get; set; }

    /// <summary>Becomes the bus MessageId, so a republish after a crash is recognised downstream.</summary>
    public Guid MessageId { get; set; }

    public required string MessageType { get; set; }
    public required string Body { get; set; }

    /// <summary>W3C traceparent of the transaction that wrote it, so one trace spans the hop.</summary>
    public string? TraceParent { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? SentAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }

    /// <summary>
    /// When the relay gave up on the row (it cannot be published: unknown type, unreadable body, too large, or failing
    /// on its own after bounded attempts); null while it is pending or sent. The rows behind it flow; clearing it
    /// (with <see cref="SetAsideReason"/>) queues the row again.
    /// </summary>
    public DateTime? SetAsideAt { get; set; }

    /// <summary>Why the row was set aside, for the operator who mends it.</summary>
    public string? SetAsideReason { get; set; }
}
