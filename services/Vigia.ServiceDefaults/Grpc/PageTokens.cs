using System.Globalization;
using System.Text;

namespace Vigia.ServiceDefaults.Grpc;

/// <summary>
/// Opaque page tokens: the position the previous page ended on, base64url-encoded. A token this service did not
/// issue is INVALID_ARGUMENT on page_token.
/// </summary>
public static class PageTokens
{
    public const string Field = "page_token";
    public const int DefaultPageSize = 50;
    public const int DefaultMaxPageSize = 500;

    /// <summary>A list request's page size and the position its token names (null on the first page); throws on bad ones.</summary>
    public static (int Size, string? After) Read(int pageSize, string pageToken, int maxPageSize = DefaultMaxPageSize)
    {
        var violations = new FieldViolations();
        var size = PageSize(pageSize, DefaultPageSize, maxPageSize, violations);
        var after = Decode(pageToken, violations);
        violations.ThrowIfAny();
        return (size, after);
    }

    /// <summary>As <see cref="Read"/>, for lists whose position is a number.</summary>
    public static (int Size, long? After) ReadNumber(int pageSize, string pageToken, int maxPageSize = DefaultMaxPageSize)
    {
        var violations = new FieldViolations();
        var size = PageSize(pageSize, DefaultPageSize, maxPageSize, violations);
        var after = DecodeNumber(pageToken, violations);
        violations.ThrowIfAny();
        return (size, after);
    }

    public static string Encode(string position) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(position)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Encode(long position) => Encode(position.ToString(CultureInfo.InvariantCulture));

    /// <summary>The position a token names; null for an empty token (the first page).</summary>
    public static string? Decode(string token, FieldViolations violations)
    {
        if (token.Length == 0)
        {
            return null;
        }

        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            violations.Add(Field, "is not a page token this service issued");
            return null;
        }
    }

    public static long? DecodeNumber(string token, FieldViolations violations)
    {
        if (Decode(token, violations) is not { } value)
        {
            return null;
        }

        if (long.TryParse(value, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        violations.Add(Field, "is not a page token this service issued");
        return null;
    }

    /// <summary>How many items a page holds: the default for 0, at most <paramref name="max"/>.</summary>
    public static int PageSize(int requested, int defaultSize, int max, FieldViolations violations)
    {
        if (requested < 0)
        {
            violations.Add("page_size", "must not be negative");
        }

        return requested <= 0 ? defaultSize : Math.Min(requested, max);
    }
}
