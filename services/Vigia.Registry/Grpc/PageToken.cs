using System.Globalization;
using System.Text;
using Vigia.Registry.Incidents;

namespace Vigia.Registry.Grpc;

/// <summary>The opaque page_token of ListIncidents: the date and id the previous page ended on, base64url-encoded.</summary>
public static class PageToken
{
    public static string Encode(IncidentPosition? position) =>
        position is null
            ? ""
            : Convert.ToBase64String(Encoding.UTF8.GetBytes($"{position.OccurredOn:yyyy-MM-dd}|{position.IncidentId:N}"))
                .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool TryDecode(string token, out IncidentPosition? position)
    {
        position = null;
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(base64)).Split('|');
            if (parts.Length == 2
                && DateOnly.TryParseExact(parts[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                && Guid.TryParseExact(parts[1], "N", out var id))
            {
                position = new IncidentPosition(date, id);
                return true;
            }
        }
        catch (FormatException)
        {
        }

        return false;
    }
}
