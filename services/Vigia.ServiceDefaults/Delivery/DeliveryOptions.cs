namespace Vigia.ServiceDefaults.Delivery;

/// <summary>How delivery waits and gives up (configuration section <c>Vigia:Delivery</c>).</summary>
public sealed class DeliveryOptions
{
    public const string Section = "Vigia:Delivery";

    /// <summary>
    /// How long a consumer keeps a message whose dependency (database, a peer service) is down, retrying with growing
    /// delays, before the message goes to its _error queue. Long by default: an outage is waited out, not turned into
    /// an operator's replay.
    /// </summary>
    public TimeSpan WaitForDependenciesFor { get; set; } = TimeSpan.FromHours(6);

    /// <summary>The longest delay between two tries while waiting: how soon after a dependency returns the work resumes.</summary>
    public TimeSpan LongestRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many times the relay tries an outbox row that fails for a reason of its own before setting it aside.</summary>
    public int OutboxAttemptsBeforeSetAside { get; set; } = 10;

    /// <summary>The largest message body the relay publishes; a larger row is set aside (RabbitMQ refuses it anyway).</summary>
    public int MaxMessageBytes { get; set; } = 16 * 1024 * 1024;
}
