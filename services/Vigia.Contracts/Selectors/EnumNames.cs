using System.Globalization;
using Google.Protobuf.Reflection;
using Vigia.Alerting.V1;
using Vigia.Common.V1;

namespace Vigia.Contracts.Selectors;

/// <summary>
/// Enum values as series keys and the public alert stream spell them: the proto name without its prefix, lower
/// case ("homicide", "security_force_relative", "opened").
/// </summary>
public static class EnumNames
{
    private static readonly EnumDescriptor s_incidentTypes = CommonReflection.Descriptor.FindTypeByName<EnumDescriptor>(nameof(IncidentType));
    private static readonly EnumDescriptor s_victimCategories = CommonReflection.Descriptor.FindTypeByName<EnumDescriptor>(nameof(VictimCategory));
    private static readonly EnumDescriptor s_severities = AlertingReflection.Descriptor.FindTypeByName<EnumDescriptor>(nameof(Severity));
    private static readonly EnumDescriptor s_kinds = AlertingReflection.Descriptor.FindTypeByName<EnumDescriptor>(nameof(AlertEventKind));

    public static string Of(IncidentType value) => Strip(s_incidentTypes, (int)value);

    public static string Of(VictimCategory value) => Strip(s_victimCategories, (int)value);

    public static string Of(Severity value) => Strip(s_severities, (int)value);

    public static string Of(AlertEventKind value) => Strip(s_kinds, (int)value);

    private static string Strip(EnumDescriptor descriptor, int number)
    {
        var name = descriptor.FindValueByNumber(number)?.Name ?? number.ToString(CultureInfo.InvariantCulture);
        // Every value starts with the enum's name in upper snake case (buf's ENUM_VALUE_PREFIX rule).
        var prefix = descriptor.Values[0].Name[..(descriptor.Values[0].Name.Length - "UNSPECIFIED".Length)];
        return (name.StartsWith(prefix, StringComparison.Ordinal) ? name[prefix.Length..] : name).ToLowerInvariant();
    }
}
