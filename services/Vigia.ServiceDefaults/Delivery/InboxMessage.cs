namespace Vigia.ServiceDefaults.Delivery;

/// <summary>A message a consumer has handled; a redelivery of it is a no-op.</summary>
public class InboxMessage
{
    public Guid MessageId { get; set; }
    public required string Consumer { get; set; }
    public DateTime ProcessedAt { get; set; }
}
