using System.Collections.Frozen;
using Vigia.Common.V1;
using Vigia.Contracts.Text;

namespace Vigia.Ingestion.Normalisation;

/// <summary>
/// Incident types and victim categories from the words files and feeds use, in Spanish or English
/// ("homicidio", "asesinato", "murder" → HOMICIDE; "familiar de policía", "relative of police" →
/// SECURITY_FORCE_RELATIVE), and from the enum names themselves ("HOMICIDE", "INCIDENT_TYPE_HOMICIDE").
/// </summary>
public static class CategoryNames
{
    private static readonly FrozenDictionary<string, IncidentType> s_incidentTypes = Build(new Dictionary<IncidentType, string[]>
    {
        [IncidentType.Homicide] =
        [
            "homicide", "homicides", "homicidio", "homicidios", "homicidio simple", "homicidio agravado", "asesinato", "asesinatos",
            "murder", "murders", "killing", "killings", "feminicidio", "femicidio", "femicide", "feminicide", "muerte violenta",
            "muertes violentas", "violent death", "assassination",
        ],
        [IncidentType.Attack] =
        [
            "attack", "attacks", "armed attack", "ataque", "ataques", "ataque armado", "atentado", "atentados", "agresion",
            "agresion armada", "assault", "attempted murder", "attempted homicide", "intento de homicidio",
            "homicidio tentado", "homicidio en grado de tentativa", "tentativa de homicidio", "lesiones", "shooting", "disparos",
        ],
        [IncidentType.ArmedConfrontation] =
        [
            "armed confrontation", "confrontation", "armed clash", "clash", "clashes", "shootout", "gunfight", "firefight",
            "enfrentamiento", "enfrentamientos", "enfrentamiento armado", "enfrentamientos armados", "tiroteo", "balacera",
            "intercambio de disparos",
        ],
        [IncidentType.Extortion] = ["extortion", "extortions", "extorsion", "extorsiones", "renta", "cobro de renta"],
        [IncidentType.Disappearance] =
        [
            "disappearance", "disappearances", "forced disappearance", "missing person", "missing", "desaparicion",
            "desapariciones", "desaparicion forzada", "desaparecido", "desaparecida", "desaparecidos", "persona desaparecida",
        ],
        [IncidentType.ExtrajudicialKilling] =
        [
            "extrajudicial killing", "extrajudicial killings", "extrajudicial execution", "extra judicial killing",
            "ejecucion extrajudicial", "ejecuciones extrajudiciales", "ejecucion sumaria", "summary execution",
        ],
        [IncidentType.Other] = ["other", "otro", "otros", "otra", "otras"],
    });

    private static readonly FrozenDictionary<string, VictimCategory> s_victimCategories = Build(new Dictionary<VictimCategory, string[]>
    {
        [VictimCategory.Civilian] = ["civilian", "civilians", "civil", "civiles", "poblacion civil", "persona civil", "ciudadano", "ciudadanos"],
        [VictimCategory.PoliceOfficer] =
        [
            "police officer", "police officers", "police", "policeman", "policemen", "policewoman", "cop", "cops", "policia",
            "policias", "agente", "agentes", "agente pnc", "agentes pnc", "agente de la pnc", "agentes de la pnc", "agente policial",
            "agentes policiales", "pnc", "miembro de la pnc", "oficial de policia",
        ],
        [VictimCategory.Soldier] =
        [
            "soldier", "soldiers", "army soldier", "military", "soldado", "soldados", "militar", "militares", "miembro de la fuerza armada",
            "miembros de la fuerza armada", "elemento militar", "efectivo militar",
        ],
        [VictimCategory.PrisonOfficer] =
        [
            "prison officer", "prison officers", "prison guard", "prison guards", "prison staff", "custodio", "custodios",
            "custodio penitenciario", "custodios penitenciarios", "agente penitenciario", "agentes penitenciarios",
            "custodio de centro penal", "custodio de prision",
        ],
        [VictimCategory.SecurityForceRelative] = ["security force relative", "relative of security forces", "familiar de agente de seguridad"],
        [VictimCategory.FormerSecurityForce] = ["former security force", "former security forces", "ex agente de seguridad"],
        [VictimCategory.GangMember] =
        [
            "gang member", "gang members", "gangster", "gangsters", "pandillero", "pandilleros", "pandillera", "marero", "mareros",
            "miembro de pandilla", "miembros de pandillas", "integrante de pandilla", "presunto pandillero",
        ],
        [VictimCategory.Unknown] = ["unknown", "desconocido", "desconocida", "sin identificar", "no identificado", "n a", "na"],
    });

    // "Familiar de policía", "esposa de soldado", "relative of a police officer": a relation and a security role.
    private static readonly FrozenSet<string> s_relationWords = FrozenSet.ToFrozenSet(
    [
        "familiar", "familiares", "familia", "pariente", "parientes", "relative", "relatives", "family", "hijo", "hija", "hijos", "hijas",
        "esposa", "esposo", "madre", "padre", "hermano", "hermana", "hermanos", "wife", "husband", "son", "daughter", "mother",
        "father", "brother", "sister", "primo", "prima", "tio", "tia", "sobrino", "sobrina", "cousin", "companera", "companero",
    ]);

    private static readonly FrozenSet<string> s_securityRoleWords = FrozenSet.ToFrozenSet(
    [
        "policia", "policias", "pnc", "agente", "agentes", "soldado", "soldados", "militar", "militares", "custodio", "custodios",
        "police", "policeman", "officer", "officers", "soldier", "soldiers", "army", "military", "guard", "guards", "security",
        "seguridad", "ejercito", "fuerza", "forces",
    ]);

    // "Ex policía", "expolicía", "former soldier", "militar retirado".
    private static readonly FrozenSet<string> s_formerWords = FrozenSet.ToFrozenSet(["ex", "former", "retired", "retirado", "retirada", "veterano", "veteran"]);

    private static readonly string[] s_enumPrefixes = ["incident type ", "victim category "];

    public static bool TryParseIncidentType(string? text, out IncidentType type)
    {
        var key = EnumKey(text);
        if (s_incidentTypes.TryGetValue(key, out type))
        {
            return true;
        }

        type = IncidentType.Unspecified;
        return false;
    }

    public static bool TryParseVictimCategory(string? text, out VictimCategory category)
    {
        var key = EnumKey(text);
        var words = key.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var hasSecurityRole = words.Any(s_securityRoleWords.Contains) || words.Any(IsFormerRoleWord);

        // Relatives first: "familiar de policía" names a relative, not a police officer.
        if (hasSecurityRole && words.Any(s_relationWords.Contains))
        {
            category = VictimCategory.SecurityForceRelative;
            return true;
        }

        if ((hasSecurityRole && words.Any(s_formerWords.Contains)) || words.Any(IsFormerRoleWord))
        {
            category = VictimCategory.FormerSecurityForce;
            return true;
        }

        if (s_victimCategories.TryGetValue(key, out category))
        {
            return true;
        }

        category = VictimCategory.Unspecified;
        return false;
    }

    public static IncidentType ParseIncidentType(string? text) =>
        TryParseIncidentType(text, out var type) ? type : throw new FormatException($"'{text}' is not an incident type.");

    public static VictimCategory ParseVictimCategory(string? text) =>
        TryParseVictimCategory(text, out var category) ? category : throw new FormatException($"'{text}' is not a victim category.");

    // "expolicia", "exmilitar", "exsoldado", "excustodio", "exagente".
    private static bool IsFormerRoleWord(string word) =>
        word.Length > 2 && word.StartsWith("ex", StringComparison.Ordinal) && s_securityRoleWords.Contains(word[2..]);

    private static string EnumKey(string? text)
    {
        var key = TextKey.Fold(text);
        foreach (var prefix in s_enumPrefixes)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                return key[prefix.Length..];
            }
        }

        return key;
    }

    private static FrozenDictionary<string, T> Build<T>(Dictionary<T, string[]> names)
        where T : struct, Enum
    {
        var byKey = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var (value, spellings) in names)
        {
            foreach (var spelling in spellings)
            {
                byKey.Add(TextKey.Fold(spelling), value);
            }
        }

        return byKey.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
