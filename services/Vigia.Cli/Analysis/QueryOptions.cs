using System.CommandLine;
using System.Globalization;
using Grpc.Net.Client;
using Vigia.Common.V1;
using GoogleDate = Google.Type.Date;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;

namespace Vigia.Cli.Analysis;

/// <summary>
/// The options the analysis commands share: where statistics listens, the selector, the measure
/// and the period. Enum values are written as in series keys ("homicide", "security_force_relative").
/// </summary>
internal sealed class QueryOptions
{
    public Option<string> Statistics { get; } = new("--statistics")
    {
        Description = "Address of the statistics service.",
        DefaultValueFactory = _ => "http://localhost:5103",
    };

    public Option<string[]> Countries { get; } = new("--country") { Description = "ISO country codes (SV); repeatable.", AllowMultipleArgumentsPerToken = true };
    public Option<string[]> Admin1 { get; } = new("--admin1") { Description = "Department codes (SV-SM); repeatable.", AllowMultipleArgumentsPerToken = true };
    public Option<string[]> Admin2 { get; } = new("--admin2") { Description = "Municipality codes (0511); repeatable.", AllowMultipleArgumentsPerToken = true };
    public Option<string[]> Types { get; } = new("--type") { Description = "Incident types (homicide, attack, ...); repeatable.", AllowMultipleArgumentsPerToken = true };
    public Option<string[]> Categories { get; } = new("--victim-category") { Description = "Victim categories (security_force_relative, ...); repeatable.", AllowMultipleArgumentsPerToken = true };
    public Option<string[]> Perpetrators { get; } = new("--perpetrator") { Description = "Perpetrators (ms13, barrio18, ...); repeatable.", AllowMultipleArgumentsPerToken = true };

    public Option<string> Measure { get; } = new("--measure")
    {
        Description = "incidents (default) or victims.",
        DefaultValueFactory = _ => "incidents",
    };

    public Option<DateOnly> From { get; } = new("--from") { Description = "First day (yyyy-MM-dd).", Required = true };
    public Option<DateOnly> To { get; } = new("--to") { Description = "Last day (yyyy-MM-dd).", Required = true };
    public Option<bool> Csv { get; } = new("--csv") { Description = "Write CSV instead of a table." };

    public Option<DateTimeOffset?> AsOf { get; } = new("--as-of")
    {
        Description = "Answer from what the registry knew at this instant (2017-07-01T00:00:00Z); default: now.",
    };

    public void AddTo(Command command, bool period = true, bool csv = true)
    {
        foreach (var option in new Option[] { Statistics, Countries, Admin1, Admin2, Types, Categories, Perpetrators, Measure, AsOf })
        {
            command.Options.Add(option);
        }

        if (period)
        {
            command.Options.Add(From);
            command.Options.Add(To);
        }

        if (csv)
        {
            command.Options.Add(Csv);
        }
    }

    /// <summary>A channel to a service; a malformed address is an ArgumentException (the tool prints it).</summary>
    public static GrpcChannel Channel(string address) =>
        ServiceChannel.ParseAddress(address) is { } uri
            ? ServiceChannel.For(uri)
            : throw new ArgumentException($"'{address}' is not an http:// or https:// address.");

    public Selector Selector(ParseResult result)
    {
        var selector = new Selector();
        selector.CountryCodes.Add(result.GetValue(Countries) ?? []);
        selector.Admin1.Add(result.GetValue(Admin1) ?? []);
        selector.Admin2.Add(result.GetValue(Admin2) ?? []);
        selector.IncidentTypes.Add((result.GetValue(Types) ?? []).Select(EnumValue<IncidentType>));
        selector.VictimCategories.Add((result.GetValue(Categories) ?? []).Select(EnumValue<VictimCategory>));
        selector.Perpetrators.Add(result.GetValue(Perpetrators) ?? []);
        return selector;
    }

    /// <summary>The --as-of instant as the requests' as_of; null (as known now) when not given.</summary>
    public Timestamp? AsOfOf(ParseResult result) => result.GetValue(AsOf) is { } instant ? Timestamp.FromDateTimeOffset(instant) : null;

    public Measure MeasureOf(ParseResult result) => EnumValue<Measure>(result.GetValue(Measure)!);

    public Period Period(ParseResult result) => PeriodOf(result.GetValue(From), result.GetValue(To));

    public static Period PeriodOf(DateOnly from, DateOnly to) => new() { StartDate = DateOf(from), EndDate = DateOf(to) };

    public static GoogleDate DateOf(DateOnly date) => new() { Year = date.Year, Month = date.Month, Day = date.Day };

    public static DateOnly DateOf(GoogleDate date) => new(date.Year, date.Month, date.Day);

    /// <summary>"security_force_relative" or "SECURITY_FORCE_RELATIVE" to VictimCategory.SecurityForceRelative, and so on.</summary>
    public static TEnum EnumValue<TEnum>(string text)
        where TEnum : struct, Enum
    {
        var name = text.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        var prefix = typeof(TEnum).Name;
        if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            name = name[prefix.Length..];
        }

        return Enum.TryParse<TEnum>(name, ignoreCase: true, out var value) && Convert.ToInt32(value, CultureInfo.InvariantCulture) != 0
            ? value
            : throw new ArgumentException($"'{text}' is not one of: {string.Join(", ", Enum.GetNames<TEnum>().Skip(1).Select(SnakeCase))}.");
    }

    private static string SnakeCase(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) && i > 0 ? $"_{char.ToLowerInvariant(c)}" : $"{char.ToLowerInvariant(c)}"));
}
