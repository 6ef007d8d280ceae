using System.Text;
using Google.Rpc;

namespace Vigia.ServiceDefaults.Grpc;

/// <summary>
/// Collects every field violation of one input, so a caller learns all that is wrong at once; the first
/// <see cref="MaxListed"/> are listed and one more says how many were left out, so the details stay small enough
/// for any client (gRPC trailers over 64 KiB never reach standard clients) and for a database column.
/// </summary>
public sealed class FieldViolations
{
    /// <summary>Violations listed in full; the rest are counted.</summary>
    public const int MaxListed = 100;

    /// <summary>Longest description kept: descriptions quote what the caller sent, which can be any size.</summary>
    public const int MaxViolationLength = 300;

    private readonly List<BadRequest.Types.FieldViolation> _violations = [];
    private string? _firstUnlisted;
    private int _unlisted;

    /// <summary>The listed violations, then (when some were left out) one saying how many more there are.</summary>
    public IReadOnlyList<BadRequest.Types.FieldViolation> All =>
        _unlisted == 0 ? _violations : [.. _violations, Unlisted(_firstUnlisted!, _unlisted)];

    public bool IsEmpty => _violations.Count == 0;

    /// <summary>How many violations were recorded, listed or not.</summary>
    public int Count => _violations.Count + _unlisted;

    public FieldViolations Add(string field, string description)
    {
        if (_violations.Count < MaxListed)
        {
            _violations.Add(new BadRequest.Types.FieldViolation { Field = Printable(field), Description = Printable(description) });
        }
        else
        {
            _firstUnlisted ??= Printable(field);
            _unlisted++;
        }

        return this;
    }

    /// <summary>Throws an <see cref="InvalidInputException"/> when any violation was recorded.</summary>
    public void ThrowIfAny(string message = "The request has invalid fields.")
    {
        if (!IsEmpty)
        {
            throw new InvalidInputException(message, All);
        }
    }

    /// <summary>
    /// <paramref name="violations"/> as a client can receive them: the first <see cref="MaxListed"/>, printable and
    /// bounded, then one saying how many more there are. For lists built elsewhere than in a <see cref="FieldViolations"/>.
    /// </summary>
    public static IReadOnlyList<BadRequest.Types.FieldViolation> Bounded(IReadOnlyList<BadRequest.Types.FieldViolation> violations)
    {
        var bounded = new FieldViolations();
        foreach (var violation in violations)
        {
            bounded.Add(violation.Field, violation.Description);
        }

        return bounded.All;
    }

    private static BadRequest.Types.FieldViolation Unlisted(string firstField, int count) => new()
    {
        Field = firstField,
        Description = $"and {count:N0} more violations from here on, not listed (the first {MaxListed} are)",
    };

    /// <summary>
    /// A description (or a status message) can quote the caller's text: control characters are written as U+XXXX
    /// (PostgreSQL refuses NUL, terminals misread the rest) and the whole is cut to <see cref="MaxViolationLength"/>
    /// characters.
    /// </summary>
    public static string Printable(string text)
    {
        var length = Math.Min(text.Length, MaxViolationLength);
        if (text.Length == length && !text.Any(char.IsControl))
        {
            return text;
        }

        var printable = new StringBuilder(length + 8);
        foreach (var c in text.AsSpan(0, length))
        {
            if (char.IsControl(c))
            {
                printable.Append("U+").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                printable.Append(c);
            }
        }

        if (text.Length > length)
        {
            printable.Append("… (cut)");
        }

        return printable.ToString();
    }
}
