namespace Vigia.Alerting;

/// <summary>Page sizes and opaque page tokens (the last key of the page before).</summary>
internal static class Paging
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    public static int Size(int requested) => requested <= 0 ? DefaultPageSize : Math.Min(requested, MaxPageSize);

    public static string Token(string lastKey) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(lastKey));

    public static string Token(long lastKey) => Token(lastKey.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static string? StringAfter(string token, string field = "page_token")
    {
        if (token.Length == 0)
        {
            return null;
        }

        try
        {
            return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            throw ServiceDefaults.Grpc.InvalidInputException.For(field, "is not a page token this service issued");
        }
    }

    public static long? NumberAfter(string token, string field = "page_token") =>
        StringAfter(token, field) is { } value
            ? long.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var number)
                ? number
                : throw ServiceDefaults.Grpc.InvalidInputException.For(field, "is not a page token this service issued")
            : null;
}
