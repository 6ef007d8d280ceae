using Google.Protobuf.WellKnownTypes;
using Vigia.Common.V1;
using Vigia.Registry.Incidents;
using Vigia.Registry.V1;
using Vigia.ServiceDefaults.Grpc;
using Incident = Vigia.Registry.Incidents.Incident;
using IncidentChange = Vigia.Registry.Incidents.IncidentChange;
using IncidentSource = Vigia.Registry.Incidents.IncidentSource;
using IncidentVersion = Vigia.Registry.Incidents.IncidentVersion;

namespace Vigia.Registry.Grpc;

/// <summary>Between the contract's messages and the registry's types; request validation collects every violation.</summary>
public static class IncidentMapping
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 1000;

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

    public static V1.Incident ToProto(this Incident incident)
    {
        var proto = new V1.Incident
        {
            IncidentId = incident.Id.ToString(),
            Version = incident.Version,
            OccurredOn = ToDate(incident.OccurredOn),
            DatePrecision = incident.DatePrecision,
            Place = new Place
            {
                CountryCode = incident.CountryCode,
                Admin1 = incident.Admin1 ?? "",
                Admin1Name = incident.Admin1Name ?? "",
                Admin2 = incident.Admin2 ?? "",
                Admin2Name = incident.Admin2Name ?? "",
            },
            IncidentType = incident.IncidentType,
            Perpetrator = incident.Perpetrator,
            State = incident.State,
            Description = incident.Description ?? "",
            CreateTime = ToTimestamp(incident.CreatedAt),
            UpdateTime = ToTimestamp(incident.UpdatedAt),
        };
        proto.Victims.AddRange(ToProto(incident.Victims));
        proto.Sources.AddRange(incident.Sources.OrderBy(s => s.AddedAt).ThenBy(s => s.Source, StringComparer.Ordinal).Select(ToProto));
        return proto;
    }

    public static V1.IncidentVersion ToProto(this IncidentVersion version) => new()
    {
        Version = version.Version,
        Kind = version.Kind,
        Incident = version.ReadSnapshot().ToProto(),
        ChangedBy = version.ChangedBy,
        ChangeTime = ToTimestamp(version.ChangedAt),
        Reason = version.Reason,
    };

    public static V1.IncidentChange ToProto(this IncidentChange change) => new()
    {
        Sequence = change.Sequence,
        Kind = change.Kind,
        Incident = change.Incident.ToProto(),
        ChangeTime = ToTimestamp(change.ChangedAt),
    };

    public static Google.Type.Date ToDate(DateOnly date) => new() { Year = date.Year, Month = date.Month, Day = date.Day };

    public static Guid ParseIncidentId(string value, string field)
    {
        var violations = new FieldViolations();
        var id = ParseIncidentId(value, field, violations);
        violations.ThrowIfAny();
        return id;
    }

    public static IncidentListQuery ToQuery(this ListIncidentsRequest request)
    {
        var violations = new FieldViolations();
        DateOnly start = default, end = default;
        if (request.Period is null)
        {
            violations.Add("period", "is required");
        }
        else
        {
            var hasStart = TryToDateOnly(request.Period.StartDate, "period.start_date", violations, out start);
            var hasEnd = TryToDateOnly(request.Period.EndDate, "period.end_date", violations, out end);
            if (hasStart && hasEnd && start > end)
            {
                violations.Add("period.end_date", $"must not be before period.start_date ({start:yyyy-MM-dd})");
            }
        }

        var selection = ToSelection(request.Selector, "selector", violations);
        if (request.PageSize < 0)
        {
            violations.Add("page_size", "must not be negative");
        }

        IncidentPosition? after = null;
        if (request.PageToken.Length > 0 && !PageToken.TryDecode(request.PageToken, out after))
        {
            violations.Add("page_token", "is not a token this service returned");
        }

        violations.ThrowIfAny();
        return new IncidentListQuery
        {
            StartDate = start,
            EndDate = end,
            Selection = selection,
            Source = string.IsNullOrWhiteSpace(request.Source) ? null : request.Source.Trim(),
            IncludeRetracted = request.IncludeRetracted,
            PageSize = request.PageSize == 0 ? DefaultPageSize : Math.Min(request.PageSize, MaxPageSize),
            After = after,
        };
    }

    public static IncidentSelection ToSelection(Selector? selector, string field)
    {
        var violations = new FieldViolations();
        var selection = ToSelection(selector, field, violations);
        violations.ThrowIfAny();
        return selection;
    }

    /// <summary>The incident id, the fields to replace and their new values of an AmendIncident request.</summary>
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
            id = ParseIncidentId(request.Incident.IncidentId, "incident.incident_id", violations);
        }

        var fields = AmendedFields.None;
        if (request.UpdateMask is null || request.UpdateMask.Paths.Count == 0)
        {
            violations.Add("update_mask", "must name at least one field to change");
        }
        else
        {
            for (var i = 0; i < request.UpdateMask.Paths.Count; i++)
            {
                if (s_maskPaths.TryGetValue(request.UpdateMask.Paths[i], out var field))
                {
                    fields |= field;
                }
                else
                {
                    violations.Add($"update_mask.paths[{i}]",
                        $"'{request.UpdateMask.Paths[i]}' is not an amendable field; use one of {string.Join(", ", s_maskPaths.Keys)}");
                }
            }
        }

        if (request.ExpectedVersion <= 0)
        {
            violations.Add("expected_version", "must be the version the amendment is based on");
        }

        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            violations.Add("reason", "is required: say why the incident is amended");
        }

        var values = request.Incident is null ? new Incident() : ToAmendedValues(request.Incident, fields, violations);
        violations.ThrowIfAny();
        return (id, fields, values);
    }

    public static (Guid Id, long ExpectedVersion, string Reason) ToRetraction(this RetractIncidentRequest request)
    {
        var violations = new FieldViolations();
        var id = ParseIncidentId(request.IncidentId, "incident_id", violations);
        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            violations.Add("reason", "is required: say why the incident is retracted");
        }

        if (request.ExpectedVersion < 0)
        {
            violations.Add("expected_version", "must not be negative (0 skips the check)");
        }

        violations.ThrowIfAny();
        return (id, request.ExpectedVersion, request.Reason.Trim());
    }

    public static long ToFromSequence(this WatchIncidentsRequest request)
    {
        if (request.FromSequence < 0)
        {
            throw InvalidInputException.For("from_sequence", "must not be negative (0 streams from the start)");
        }

        return request.FromSequence;
    }

    private static Incident ToAmendedValues(V1.Incident proto, AmendedFields fields, FieldViolations violations)
    {
        var values = new Incident();
        if (fields.HasFlag(AmendedFields.OccurredOn) && TryToDateOnly(proto.OccurredOn, "incident.occurred_on", violations, out var date))
        {
            values.OccurredOn = date;
        }

        if (fields.HasFlag(AmendedFields.DatePrecision))
        {
            values.DatePrecision = proto.DatePrecision;
            RequireDefined(proto.DatePrecision, DatePrecision.Unspecified, "incident.date_precision", violations);
        }

        var place = proto.Place ?? new Place();
        if (fields.HasFlag(AmendedFields.CountryCode))
        {
            values.CountryCode = ReportMerger.NormaliseCode(place.CountryCode) ?? "";
            if (values.CountryCode.Length != 2 || !values.CountryCode.All(char.IsAsciiLetterUpper))
            {
                violations.Add("incident.place.country_code", "must be an ISO 3166-1 alpha-2 code such as 'SV'");
            }
        }

        if (fields.HasFlag(AmendedFields.Admin1))
        {
            values.Admin1 = ReportMerger.NormaliseCode(place.Admin1);
            values.Admin1Name = NullIfEmpty(place.Admin1Name);
        }

        if (fields.HasFlag(AmendedFields.Admin2))
        {
            values.Admin2 = NullIfEmpty(place.Admin2.Trim());
            values.Admin2Name = NullIfEmpty(place.Admin2Name);
        }

        if (fields.HasFlag(AmendedFields.IncidentType))
        {
            values.IncidentType = proto.IncidentType;
            RequireDefined(proto.IncidentType, IncidentType.Unspecified, "incident.incident_type", violations);
        }

        if (fields.HasFlag(AmendedFields.Victims))
        {
            for (var i = 0; i < proto.Victims.Count; i++)
            {
                RequireDefined(proto.Victims[i].Category, VictimCategory.Unspecified, $"incident.victims[{i}].category", violations);
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

    private static IncidentSelection ToSelection(Selector? selector, string field, FieldViolations violations)
    {
        if (selector is null)
        {
            return IncidentSelection.All;
        }

        for (var i = 0; i < selector.IncidentTypes.Count; i++)
        {
            RequireDefined(selector.IncidentTypes[i], IncidentType.Unspecified, $"{field}.incident_types[{i}]", violations);
        }

        for (var i = 0; i < selector.VictimCategories.Count; i++)
        {
            RequireDefined(selector.VictimCategories[i], VictimCategory.Unspecified, $"{field}.victim_categories[{i}]", violations);
        }

        return new IncidentSelection
        {
            CountryCodes = [.. selector.CountryCodes.Select(ReportMerger.NormaliseCode).OfType<string>()],
            Admin1 = [.. selector.Admin1.Select(ReportMerger.NormaliseCode).OfType<string>()],
            Admin2 = [.. selector.Admin2.Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a.Trim())],
            IncidentTypes = [.. selector.IncidentTypes],
            VictimCategories = [.. selector.VictimCategories],
            Perpetrators = [.. selector.Perpetrators.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p.Trim())],
        };
    }

    private static Guid ParseIncidentId(string value, string field, FieldViolations violations)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            violations.Add(field, "is required");
            return Guid.Empty;
        }

        if (!Guid.TryParse(value, out var id))
        {
            violations.Add(field, $"'{value}' is not an incident id");
        }

        return id;
    }

    private static bool TryToDateOnly(Google.Type.Date? date, string field, FieldViolations violations, out DateOnly value)
    {
        value = default;
        if (date is null || (date.Year == 0 && date.Month == 0 && date.Day == 0))
        {
            violations.Add(field, "is required");
            return false;
        }

        if (date.Year is < 1 or > 9999 || date.Month is < 1 or > 12 || date.Day < 1 || date.Day > DateTime.DaysInMonth(date.Year, date.Month))
        {
            violations.Add(field, $"{date.Year:0000}-{date.Month:00}-{date.Day:00} is not a valid date");
            return false;
        }

        value = new DateOnly(date.Year, date.Month, date.Day);
        return true;
    }

    private static void RequireDefined<TEnum>(TEnum value, TEnum unspecified, string field, FieldViolations violations)
        where TEnum : struct, System.Enum
    {
        if (EqualityComparer<TEnum>.Default.Equals(value, unspecified) || !System.Enum.IsDefined(value))
        {
            violations.Add(field, $"must be one of {string.Join(", ", System.Enum.GetNames<TEnum>().Where(n => n != unspecified.ToString()))}");
        }
    }

    private static IEnumerable<Victims> ToProto(IEnumerable<Victim> victims) =>
        victims.Where(v => v.Count > 0).OrderBy(v => v.Category).Select(v => new Victims { Category = v.Category, Count = v.Count });

    private static V1.IncidentSource ToProto(IncidentSource source)
    {
        var proto = new V1.IncidentSource
        {
            Source = source.Source,
            SourceRecordId = source.SourceRecordId,
            ReportId = source.ReportId.ToString(),
            Url = source.Url ?? "",
            PublishedAt = source.PublishedAt is { } published ? ToTimestamp(published) : null,
            Perpetrator = source.Perpetrator,
        };
        proto.Victims.AddRange(ToProto(source.Victims));
        return proto;
    }

    // SQLite hands DateTime back unspecified; every instant the registry stores is UTC.
    private static Timestamp ToTimestamp(DateTime value) => Timestamp.FromDateTime(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
