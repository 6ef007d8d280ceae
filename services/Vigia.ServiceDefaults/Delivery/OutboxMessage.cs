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
}
