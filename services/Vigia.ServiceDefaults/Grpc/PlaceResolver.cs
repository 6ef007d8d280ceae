using Vigia.Common.V1;
using Vigia.Contracts.Places;

namespace Vigia.ServiceDefaults.Grpc;

/// <summary>A place as codes plus the canonical names that go with them.</summary>
public sealed record ResolvedPlace(string CountryCode, string? Admin1, string? Admin1Name, string? Admin2, string? Admin2Name);

/// <summary>
/// Turns a place as a source wrote it (codes or names, Spanish or English, with or without accents
/// and "Dpto. de" prefixes) into codes from the <see cref="Gazetteer"/>. A municipality alone names
/// its department too, when only one department has a municipality of that name. Every way in resolves
/// places here, so a report to ingestion and an amendment to the registry accept the same places.
/// </summary>
public sealed class PlaceResolver(Gazetteer gazetteer)
{
    /// <summary>A country as a code or a name ("SV", "El Salvador").</summary>
    public const int MaxCountryLength = 100;

    /// <summary>Resolves <paramref name="place"/>, or records why not under <paramref name="path"/> and returns null.</summary>
    public ResolvedPlace? Resolve(Place? place, string path, FieldViolations violations)
    {
        if (place is null)
        {
            violations.Add(path, "a place is required (at least country_code)");
            return null;
        }

        var before = violations.Count;
        violations.Text(place.CountryCode, $"{path}.country_code", MaxCountryLength);
        violations.PlaceText(place.Admin1, $"{path}.admin1");
        violations.PlaceText(place.Admin2, $"{path}.admin2");
        if (violations.Count > before)
        {
            return null;
        }

        var countryText = place.CountryCode.Trim();
        if (countryText.Length == 0)
        {
            violations.Add($"{path}.country_code", "required: an ISO 3166-1 alpha-2 code such as SV");
            return null;
        }

        var country = gazetteer.FindCountry(countryText);
        if (country is null)
        {
            violations.Add($"{path}.country_code", $"unknown or unsupported country '{countryText}' (supported: {string.Join(", ", gazetteer.Countries.Select(c => c.Code))})");
            return null;
        }

        var admin1Text = place.Admin1.Trim();
        var admin2Text = place.Admin2.Trim();
        Department? department = null;
        Municipality? municipality = null;
        var departmentFailed = false;

        if (admin1Text.Length > 0)
        {
            department = FindDepartment(country, admin1Text);
            if (department is null)
            {
                // Some sources put the municipality in the department's column ("Soyapango").
                var asMunicipality = admin2Text.Length == 0 ? gazetteer.FindMunicipalitiesByName(country.Code, admin1Text) : [];
                if (asMunicipality.Count == 1)
                {
                    municipality = asMunicipality[0];
                    department = gazetteer.GetDepartment(municipality.DepartmentCode);
                }
                else
                {
                    violations.Add($"{path}.admin1", $"unknown department '{admin1Text}' for country {country.Code}");
                    departmentFailed = true;
                }
            }
            else if (department.CountryCode != country.Code)
            {
                violations.Add($"{path}.admin1", $"department {department.Code} ({department.Name}) is not in country {country.Code}");
                department = null;
                departmentFailed = true;
            }
        }

        string? admin2Name = municipality?.Name;
        if (admin2Text.Length > 0)
        {
            if (!gazetteer.HasMunicipalities(country.Code))
            {
                // No municipality list for this country yet: keep the name, without a code.
                admin2Name = admin2Text;
            }
            else
            {
                municipality = FindMunicipality(country, department, departmentFailed, admin2Text, $"{path}.admin2", violations);
                admin2Name = municipality?.Name;
                if (municipality is not null && !departmentFailed)
                {
                    // Also replaces the department a source filed a capital district under (Bogotá under Cundinamarca).
                    department = gazetteer.GetDepartment(municipality.DepartmentCode);
                }
            }
        }

        return new ResolvedPlace(country.Code, department?.Code, department?.Name, municipality?.Code, admin2Name);
    }

    private Department? FindDepartment(Country country, string text)
    {
        if (Gazetteer.LooksLikeSubdivisionCode(text))
        {
            return gazetteer.FindDepartmentByCode(text);
        }

        // "SM" or "01": the part of the code after the country.
        if (text.Length == 2 && text.All(char.IsAsciiLetterOrDigit)
            && gazetteer.FindDepartmentByCode($"{country.Code}-{text}") is { } byShortCode)
        {
            return byShortCode;
        }

        return gazetteer.FindDepartmentByName(country.Code, text);
    }

    private Municipality? FindMunicipality(
        Country country, Department? department, bool departmentFailed, string text, string field, FieldViolations violations)
    {
        if (text.All(char.IsAsciiDigit) || gazetteer.FindMunicipalityByCode(text) is not null)
        {
            var byCode = gazetteer.FindMunicipalityByCode(country.Code, text);
            if (byCode is null)
            {
                violations.Add(field, $"unknown municipality code '{text}' for country {country.Code}");
            }
            else if (department is not null && byCode.DepartmentCode != department.Code && !gazetteer.IsWholeDepartment(byCode))
            {
                violations.Add(field, $"municipality {byCode.Code} ({byCode.Name}) is in {byCode.DepartmentCode}, not in {department.Code}");
                return null;
            }

            return byCode;
        }

        if (department is not null)
        {
            var inDepartment = gazetteer.FindMunicipalityByName(department.Code, text);
            if (inDepartment is null)
            {
                var elsewhere = gazetteer.FindMunicipalitiesByName(country.Code, text);
                if (elsewhere is [var whole] && gazetteer.IsWholeDepartment(whole))
                {
                    return whole;
                }

                violations.Add(field, elsewhere.Count > 0
                    ? $"municipality '{text}' is not in department {department.Code} ({department.Name}); it is in {string.Join(", ", elsewhere.Select(m => m.DepartmentCode))}"
                    : $"unknown municipality '{text}' in department {department.Code} ({department.Name})");
            }

            return inDepartment;
        }

        var candidates = gazetteer.FindMunicipalitiesByName(country.Code, text);
        switch (candidates.Count)
        {
            case 1:
                return candidates[0];
            case 0:
                violations.Add(field, $"unknown municipality '{text}' for country {country.Code}");
                return null;
            default:
                if (!departmentFailed)
                {
                    violations.Add(field,
                        $"ambiguous municipality '{text}': there is one in each of {string.Join(", ", candidates.Select(m => m.DepartmentCode))}; give admin1");
                }

                return null;
        }
    }
}
