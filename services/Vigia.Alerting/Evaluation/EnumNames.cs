using Google.Protobuf.Reflection;
using Vigia.Common.V1;

namespace Vigia.Alerting.Evaluation;

/// <summary>Enum values as the public stream spells them: the proto name without its prefix, lower case.</summary>
public static class EnumNames
{
    public static EnumDescriptor IncidentTypes { get; } = CommonReflection.Descriptor.FindTypeByName<EnumDescriptor>(nameof(IncidentType));

    public static EnumDescriptor VictimCategories { get; } = CommonReflection.Descriptor.FindTypeByName<EnumDescriptor>(nameof(VictimCategory));

    private static readonly EnumDescriptor s_severities = V1.AlertingReflection.Descriptor.FindTypeByName<EnumDescriptor>(nameof(V1.Severity));

    private static readonly EnumDescriptor s_kinds = V1.AlertingReflection.Descriptor.FindTypeByName<EnumDescriptor>(nameof(V1.AlertEventKind));

    public static string Of(IncidentType value) => Strip(IncidentTypes, (int)value);

    public static string Of(VictimCategory value) => Strip(VictimCategories, (int)value);

    public static string Of(V1.Severity value) => Strip(s_severities, (int)value);

    public static string Of(V1.AlertEventKind value) => Strip(s_kinds, (int)value);

    /// <summary>Every value starts with the enum's name in upper snake case (buf's ENUM_VALUE_PREFIX rule).</summary>
    public static string PrefixOf(EnumDescriptor descriptor) =>
        descriptor.Values[0].Name[..(descriptor.Values[0].Name.Length - "UNSPECIFIED".Length)];

    private static string Strip(EnumDescriptor descriptor, int number)
    {
        var name = descriptor.FindValueByNumber(number)?.Name ?? number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var prefix = PrefixOf(descriptor);
        return (name.StartsWith(prefix, StringComparison.Ordinal) ? name[prefix.Length..] : name).ToLowerInvariant();
    }
}
