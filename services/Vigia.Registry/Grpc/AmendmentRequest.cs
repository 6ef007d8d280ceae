using Vigia.Common.V1;
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

    /// <summary>Longest reason a version records.</summary>
    public const int MaxReasonLength = 2000;

    public static (Guid Id, AmendedFields Fields, Incident Values, string Reason) ToAmendment(this AmendIncidentRequest request, DateOnly today)
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

        var reason = violations.Text(request.Reason, "reason", MaxReasonLength, multiline: true);
        if (reason is null && string.IsNullOrWhiteSpace(request.Reason))
        {
            violations.Add("reason", "is required: say why the incident is amended");
        }

        var values = request.Incident is null ? new Incident() : ToValues(request.Incident, fields, today, violations);
        violations.ThrowIfAny();
        return (id, fields, values, reason!);
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

    /// <summary>The new values, checked as ingestion checks a report (<see cref="IncidentChecks"/>): an amendment is another way in.</summary>
    private static Incident ToValues(V1.Incident proto, AmendedFields fields, DateOnly today, FieldViolations violations)
    {
        var values = new Incident();
        if (fields.HasFlag(AmendedFields.OccurredOn) && violations.OccurredOn(proto.OccurredOn, "incident.occurred_on", today) is { } date)
        {
            values.OccurredOn = date;
        }

        if (fields.HasFlag(AmendedFields.DatePrecision))
        {
            values.DatePrecision = violations.Known(proto.DatePrecision, DatePrecision.Unspecified, "incident.date_precision");
        }

        // The place's texts only: which place they name is settled against the incident's stored place (ResolvePlace).
        var place = proto.Place ?? new Place();
        if (fields.HasFlag(AmendedFields.CountryCode))
        {
            values.CountryCode = violations.Text(place.CountryCode, "incident.place.country_code", PlaceResolver.MaxCountryLength, required: true) ?? "";
        }

        if (fields.HasFlag(AmendedFields.Admin1))
        {
            values.Admin1 = violations.PlaceText(place.Admin1, "incident.place.admin1");
        }

        if (fields.HasFlag(AmendedFields.Admin2))
        {
            values.Admin2 = violations.PlaceText(place.Admin2, "incident.place.admin2");
        }

        if (fields.HasFlag(AmendedFields.IncidentType))
        {
            values.IncidentType = violations.Known(proto.IncidentType, IncidentType.Unspecified, "incident.incident_type");
        }

        if (fields.HasFlag(AmendedFields.Victims))
        {
            values.Victims = Victim.Normalise(violations.Victims(proto.Victims, "incident.victims").Select(v => (v.Category, v.Count)));
        }

        if (fields.HasFlag(AmendedFields.Perpetrator))
        {
            values.Perpetrator = violations.Perpetrator(proto.Perpetrator, "incident.perpetrator", required: true) ?? "";
        }

        if (fields.HasFlag(AmendedFields.Description))
        {
            values.Description = violations.Description(proto.Description, "incident.description");
        }

        return values;
    }

    /// <summary>
    /// The amended incident's place resolved exactly as ingestion resolves a report's (<see cref="PlaceResolver"/>): codes or
    /// names in, the gazetteer's codes and names out; a country, department or municipality that does not resolve is
    /// INVALID_ARGUMENT naming <c>incident.place.…</c>. Fields the mask left alone keep their stored values, so an
    /// amended department must still hold the stored municipality.
    /// </summary>
    public static void ResolvePlace(this PlaceResolver places, Incident incident)
    {
        var violations = new FieldViolations();
        var stated = new Place
        {
            CountryCode = incident.CountryCode,
            Admin1 = incident.Admin1 ?? incident.Admin1Name ?? "",
            Admin2 = incident.Admin2 ?? incident.Admin2Name ?? "",
        };
        var resolved = places.Resolve(stated, "incident.place", violations);
        violations.ThrowIfAny();
        incident.CountryCode = resolved!.CountryCode;
        incident.Admin1 = resolved.Admin1;
        incident.Admin1Name = resolved.Admin1Name;
        incident.Admin2 = resolved.Admin2;
        incident.Admin2Name = resolved.Admin2Name;
    }
}
