using Vigia.Common.V1;
using Vigia.Ingestion.Normalisation;

namespace Vigia.Ingestion.Tests.Normalisation;

public class CategoryNamesTests
{
    [Theory]
    [InlineData("homicidio", IncidentType.Homicide)]
    [InlineData("Homicidio", IncidentType.Homicide)]
    [InlineData("asesinato", IncidentType.Homicide)]
    [InlineData("murder", IncidentType.Homicide)]
    [InlineData("HOMICIDE", IncidentType.Homicide)]
    [InlineData("INCIDENT_TYPE_HOMICIDE", IncidentType.Homicide)]
    [InlineData("feminicidio", IncidentType.Homicide)]
    [InlineData("extorsión", IncidentType.Extortion)]
    [InlineData("Extorsion", IncidentType.Extortion)]
    [InlineData("extortion", IncidentType.Extortion)]
    [InlineData("desaparición", IncidentType.Disappearance)]
    [InlineData("desaparicion forzada", IncidentType.Disappearance)]
    [InlineData("enfrentamiento armado", IncidentType.ArmedConfrontation)]
    [InlineData("Enfrentamiento", IncidentType.ArmedConfrontation)]
    [InlineData("armed_confrontation", IncidentType.ArmedConfrontation)]
    [InlineData("ataque armado", IncidentType.Attack)]
    [InlineData("intento de homicidio", IncidentType.Attack)]
    [InlineData("attempted murder", IncidentType.Attack)]
    [InlineData("ejecución extrajudicial", IncidentType.ExtrajudicialKilling)]
    [InlineData("extrajudicial killing", IncidentType.ExtrajudicialKilling)]
    [InlineData("otro", IncidentType.Other)]
    public void TryParseIncidentType_SpanishOrEnglish_GivesTheType(string text, IncidentType expected)
    {
        Assert.True(CategoryNames.TryParseIncidentType(text, out var type));
        Assert.Equal(expected, type);
    }

    [Theory]
    [InlineData("familiar de policía", VictimCategory.SecurityForceRelative)]
    [InlineData("Familiar de soldado", VictimCategory.SecurityForceRelative)]
    [InlineData("relative of police", VictimCategory.SecurityForceRelative)]
    [InlineData("relative of a police officer", VictimCategory.SecurityForceRelative)]
    [InlineData("esposa de agente PNC", VictimCategory.SecurityForceRelative)]
    [InlineData("hijo de militar", VictimCategory.SecurityForceRelative)]
    [InlineData("SECURITY_FORCE_RELATIVE", VictimCategory.SecurityForceRelative)]
    [InlineData("agente PNC", VictimCategory.PoliceOfficer)]
    [InlineData("agente de la PNC", VictimCategory.PoliceOfficer)]
    [InlineData("policía", VictimCategory.PoliceOfficer)]
    [InlineData("police officer", VictimCategory.PoliceOfficer)]
    [InlineData("soldado", VictimCategory.Soldier)]
    [InlineData("soldier", VictimCategory.Soldier)]
    [InlineData("militar", VictimCategory.Soldier)]
    [InlineData("custodio penitenciario", VictimCategory.PrisonOfficer)]
    [InlineData("prison guard", VictimCategory.PrisonOfficer)]
    [InlineData("ex policía", VictimCategory.FormerSecurityForce)]
    [InlineData("expolicía", VictimCategory.FormerSecurityForce)]
    [InlineData("former soldier", VictimCategory.FormerSecurityForce)]
    [InlineData("militar retirado", VictimCategory.FormerSecurityForce)]
    [InlineData("pandillero", VictimCategory.GangMember)]
    [InlineData("gang member", VictimCategory.GangMember)]
    [InlineData("civil", VictimCategory.Civilian)]
    [InlineData("civilian", VictimCategory.Civilian)]
    [InlineData("desconocido", VictimCategory.Unknown)]
    [InlineData("VICTIM_CATEGORY_UNKNOWN", VictimCategory.Unknown)]
    public void TryParseVictimCategory_SpanishOrEnglish_GivesTheCategory(string text, VictimCategory expected)
    {
        Assert.True(CategoryNames.TryParseVictimCategory(text, out var category));
        Assert.Equal(expected, category);
    }

    [Theory]
    [InlineData("")]
    [InlineData("picnic")]
    [InlineData(null)]
    public void TryParse_UnknownWords_ReturnsFalse(string? text)
    {
        Assert.False(CategoryNames.TryParseIncidentType(text, out var type));
        Assert.Equal(IncidentType.Unspecified, type);
        Assert.False(CategoryNames.TryParseVictimCategory(text, out var category));
        Assert.Equal(VictimCategory.Unspecified, category);
    }

    [Fact]
    public void ParseIncidentType_UnknownWords_ThrowsFormatException() =>
        Assert.Throws<FormatException>(() => CategoryNames.ParseIncidentType("picnic"));
}
