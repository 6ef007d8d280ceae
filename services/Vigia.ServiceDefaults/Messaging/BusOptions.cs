namespace Vigia.ServiceDefaults.Messaging;

/// <summary>How the bus carries messages and declares its queues (configuration section <c>Vigia:Bus</c>).</summary>
public sealed class BusOptions
{
    public const string Section = "Vigia:Bus";

    /// <summary>
    /// Publish the batch messages as protobuf bodies (<see cref="ProtobufBodySerializer"/>). Every service reads both
    /// protobuf and JSON whatever this says; turning it off lets a rolling upgrade from 0.5.0, whose consumers read
    /// JSON only, finish before the first protobuf body is sent (docs/bus.md).
    /// </summary>
    public bool ProtobufBodies { get; set; } = true;

    /// <summary>
    /// Declare every consumer queue as a quorum queue (replicated over a RabbitMQ cluster's nodes) instead of a
    /// classic one. RabbitMQ only; a queue keeps the type it was first declared with (docs/bus.md).
    /// </summary>
    public bool QuorumQueues { get; set; }
}
