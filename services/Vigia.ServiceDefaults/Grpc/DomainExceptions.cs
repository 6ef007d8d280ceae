using Google.Rpc;

namespace Vigia.ServiceDefaults.Grpc;

/// <summary>Bad input: becomes INVALID_ARGUMENT with a google.rpc.BadRequest listing every field violation.</summary>
public sealed class InvalidInputException(string message, IReadOnlyList<BadRequest.Types.FieldViolation> violations)
    : Exception(message)
{
    public IReadOnlyList<BadRequest.Types.FieldViolation> Violations { get; } = violations;

    public static InvalidInputException For(string field, string description) =>
        new($"{field}: {description}", [new BadRequest.Types.FieldViolation { Field = field, Description = description }]);
}

/// <summary>Something named by id does not exist: becomes NOT_FOUND.</summary>
public sealed class NotFoundException(string resourceType, string id)
    : Exception($"{resourceType} '{id}' was not found.")
{
    public string ResourceType { get; } = resourceType;
    public string Id { get; } = id;
}

/// <summary>A write based on a stale version: becomes FAILED_PRECONDITION with a google.rpc.PreconditionFailure.</summary>
public sealed class StaleVersionException(string subject, long expectedVersion, long currentVersion)
    : Exception($"{subject} is at version {currentVersion}, not {expectedVersion}; read it again and retry.")
{
    public string Subject { get; } = subject;
    public long ExpectedVersion { get; } = expectedVersion;
    public long CurrentVersion { get; } = currentVersion;
}
