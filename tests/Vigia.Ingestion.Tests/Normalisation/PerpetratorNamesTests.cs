using Vigia.Ingestion.Normalisation;

namespace Vigia.Ingestion.Tests.Normalisation;

public class PerpetratorNamesTests
{
    [Theory]
    [InlineData("MS-13", "ms13")]
    [InlineData("MS13", "ms13")]
    [InlineData("ms 13", "ms13")]
    [InlineData("Mara Salvatrucha", "ms13")]
    [InlineData("la Mara Salvatrucha (MS-13)", "ms13")]
    [InlineData("pandilleros de la MS", "ms13")]
    [InlineData("Barrio 18 Sureños", "barrio18-surenos")]
    [InlineData("Barrio 18 Surenos", "barrio18-surenos")]
    [InlineData("18 Sur", "barrio18-surenos")]
    [InlineData("18-S", "barrio18-surenos")]
    [InlineData("Barrio 18 Revolucionarios", "barrio18-revolucionarios")]
    [InlineData("18 Revolucionarios", "barrio18-revolucionarios")]
    [InlineData("18R", "barrio18-revolucionarios")]
    [InlineData("Barrio 18", "barrio18")]
    [InlineData("Mara 18", "barrio18")]
    [InlineData("18th Street gang", "barrio18")]
    [InlineData("PNC", "security-forces")]
    [InlineData("police", "security-forces")]
    [InlineData("Policía", "security-forces")]
    [InlineData("army", "security-forces")]
    [InlineData("Fuerza Armada", "security-forces")]
    [InlineData("soldiers", "security-forces")]
    [InlineData("agentes de la PNC", "security-forces")]
    [InlineData("", "unknown")]
    [InlineData(null, "unknown")]
    [InlineData("   ", "unknown")]
    [InlineData("desconocido", "unknown")]
    [InlineData("Desconocidos", "unknown")]
    [InlineData("unknown", "unknown")]
    [InlineData("Los Texis", "los-texis")]
    [InlineData("Banda de Extorsionistas Ñandú", "banda-de-extorsionistas-nandu")]
    public void Normalise_FreeText_GivesTheCanonicalCode(string? text, string code) =>
        Assert.Equal(code, PerpetratorNames.Normalise(text));

    [Fact]
    public void Normalise_VeryLongText_GivesASlugOfAtMost64Characters()
    {
        var code = PerpetratorNames.Normalise(string.Join(' ', Enumerable.Repeat("grupo", 40)));

        Assert.True(code.Length <= 64);
        Assert.False(code.EndsWith('-'));
    }
}
