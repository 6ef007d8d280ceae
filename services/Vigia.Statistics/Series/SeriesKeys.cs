using System.Text;
using Vigia.Common.V1;

namespace Vigia.Statistics.Series;

/// <summary>How series are named: "all", place codes, and enum values in lower snake case ("homicide", "security_force_relative").</summary>
public static class SeriesKeys
{
    public const string All = "all";

    /// <summary>The key of a group with no value (an incident without a department, say).</summary>
    public const string Unknown = "unknown";

    public static string Of(IncidentType type) => SnakeCase(type.ToString());

    public static string Of(VictimCategory category) => SnakeCase(category.ToString());

    public static string OfText(string? value) => string.IsNullOrEmpty(value) ? Unknown : value;

    private static string SnakeCase(string pascalCase)
    {
        var builder = new StringBuilder(pascalCase.Length + 8);
        for (var i = 0; i < pascalCase.Length; i++)
        {
            var c = pascalCase[i];
            if (char.IsUpper(c) && i > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }
}
