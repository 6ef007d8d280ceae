using Vigia.Common.V1;
using Vigia.Contracts.Selectors;
using Vigia.Registry.Incidents;
using Vigia.Registry.V1;
using Vigia.ServiceDefaults.Grpc;
using Incident = Vigia.Registry.Incidents.Incident;

namespace Vigia.Registry.Grpc;

/// <summary>AmendIncident's request, checked: the incident, the fields its update mask names and their new values.</summary>
public static class AmendmentRequest
{
    private static readonly Dictionary<string, AmendedFields> s_maskPaths = new(StringComparer.Ordinal)
    {
        ["occurred_on"] = AmendedFields.OccurredOn,
        ["date_precision"] = AmendedFields.DatePrecision,
        ["place"] = AmendedFields.Place,
        ["place.country_code"] = AmendedFields.CountryCode,
        ["place.admin1"] = AmendedFields.Admin1,
        ["place.admin2"] = AmendedFields.Admin2,
        ["incident_type"] = AmendedFields.IncidentType,
        ["victims"] = AmendedFields.Victims,
        ["perpetrator"] = AmendedFields.Perpetrator,
        ["description"] = AmendedFields.Description,
    };

    public static (Guid Id, AmendedFields Fields, Incident Values) ToAmendment(this AmendIncidentRequest request)
    {
        var violations = new FieldViolations();
        var id = Guid.Empty;
        if (request.Incident is null)
        {
            violations.Add("incident", "is required");
        }
        else
        {
            id = violations.Id(request.Incident.IncidentId, "incident.incident_id", "an incident");
        }

        var fields = ToFields(request.UpdateMask, violations);
        if (request.ExpectedVersion <= 0)
        {
            violations.Add("expected_version", "must be the version the amendment is based on");
        }

        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            violations.Add("reason", "is required: say why the incident is amended");
        }

        var values = request.Incident is null ? new Incident() : ToValues(request.Incident, fields, violations);
        violations.ThrowIfAny();
        return (id, fields, values);
    }

    private static AmendedFields ToFields(Google.Protobuf.WellKnownTypes.FieldMask? mask, FieldViolations violations)
    {
        if (mask is null || mask.Paths.Count == 0)
        {
            violations.Add(UpdateMasks.Field, "must name at least one field to change");
            return AmendedFields.None;
        }

        return violations.Paths(mask, s_maskPaths.Keys).Aggregate(AmendedFields.None, (fields, path) => fields | s_maskPaths[path]);
    }

    private static Incident ToValues(V1.Incident proto, AmendedFields fields, FieldViolations violations)
    {
        var values = new Incident();
        if (fields.HasFlag(AmendedFields.OccurredOn) && violations.Date(proto.OccurredOn, "incident.occurred_on") is { } date)
        {
            values.OccurredOn = date;
        }

        if (fields.HasFlag(AmendedFields.DatePrecision))
        {
            values.DatePrecision = violations.Known(proto.DatePrecision, DatePrecision.Unspecified, "incident.date_precision");
        }

        var place = proto.Place ?? new Place();
        if (fields.HasFlag(AmendedFields.CountryCode))
        {
            values.CountryCode = SelectorValues.PlaceCode(place.CountryCode) ?? "";
            if (values.CountryCode.Length != 2 || !values.CountryCode.All(char.IsAsciiLetterUpper))
            {
                violations.Add("incident.place.country_code", "must be an ISO 3166-1 alpha-2 code such as 'SV'");
            }
        }

        if (fields.HasFlag(AmendedFields.Admin1))
        {
            values.Admin1 = SelectorValues.PlaceCode(place.Admin1);
            values.Admin1Name = NullIfEmpty(place.Admin1Name);
        }

        if (fields.HasFlag(AmendedFields.Admin2))
        {
            values.Admin2 = NullIfEmpty(place.Admin2.Trim());
            values.Admin2Name = NullIfEmpty(place.Admin2Name);
        }

        if (fields.HasFlag(AmendedFields.IncidentType))
        {
            values.IncidentType = violations.Known(proto.IncidentType, IncidentType.Unspecified, "incident.incident_type");
        }

        if (fields.HasFlag(AmendedFields.Victims))
        {
            for (var i = 0; i < proto.Victims.Count; i++)
            {
                violations.Known(proto.Victims[i].Category, VictimCategory.Unspecified, $"incident.victims[{i}].category");
                if (proto.Victims[i].Count < 0)
                {
                    violations.Add($"incident.victims[{i}].count", "must not be negative");
                }

                if (proto.Victims.Take(i).Any(v => v.Category == proto.Victims[i].Category))
                {
                    violations.Add($"incident.victims[{i}].category", $"{proto.Victims[i].Category} is listed twice");
                }
            }

            values.Victims = Victim.Normalise(proto.Victims.Select(v => (v.Category, Math.Max(0, v.Count))));
        }

        if (fields.HasFlag(AmendedFields.Perpetrator))
        {
            values.Perpetrator = proto.Perpetrator.Trim();
            if (values.Perpetrator.Length == 0)
            {
                violations.Add("incident.perpetrator", "is required; say 'unknown' when it is not known");
            }
        }

        if (fields.HasFlag(AmendedFields.Description))
        {
            values.Description = NullIfEmpty(proto.Description);
        }

        return values;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
