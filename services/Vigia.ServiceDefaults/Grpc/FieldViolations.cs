using Google.Rpc;

namespace Vigia.ServiceDefaults.Grpc;

/// <summary>Collects every field violation of one input, so a caller learns all that is wrong at once.</summary>
public sealed class FieldViolations
{
    private readonly List<BadRequest.Types.FieldViolation> _violations = [];

    public IReadOnlyList<BadRequest.Types.FieldViolation> All => _violations;

    public bool IsEmpty => _violations.Count == 0;

    public FieldViolations Add(string field, string description)
    {
        _violations.Add(new BadRequest.Types.FieldViolation { Field = field, Description = description });
        return this;
    }

    /// <summary>Throws an <see cref="InvalidInputException"/> when any violation was recorded.</summary>
    public void ThrowIfAny(string message = "The request has invalid fields.")
    {
        if (!IsEmpty)
        {
            throw new InvalidInputException(message, _violations);
        }
    }
}
