using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Time.Testing;
using Vigia.Common.V1;
using Vigia.Contracts.Places;
using Vigia.Ingestion.Normalisation;
using Vigia.Ingestion.Tests.Support;
using Vigia.Ingestion.V1;
using Vigia.ServiceDefaults.Grpc;

namespace Vigia.Ingestion.Tests.Normalisation;

public class ReportValidatorTests
{
    private static readonly DateTimeOffset s_now = new(2017, 6, 12, 18, 0, 0, TimeSpan.Zero);

    private static readonly ReportValidator s_validator = new(new PlaceResolver(Gazetteer.LoadEmbedded()), new FakeTimeProvider(s_now));

    private static Google.Type.Date Date(int year, int month, int day) => new() { Year = year, Month = month, Day = day };

    [Fact]
    public void Validate_GoodReport_NormalisesEveryField()
    {
        var report = SampleReports.Homicide(" 2017-06-11-004 ");
        report.Source = "  pnc-bulletin ";
        report.Place = new Place { CountryCode = "sv", Admin1 = "Dpto. de San Salvador", Admin2 = "soyapango" };
        report.Language = "es-sv";
        report.PublishedAt = Timestamp.FromDateTimeOffset(s_now.AddHours(-2));

        var validated = s_validator.Validate(report);

        Assert.Empty(validated.Violations);
        var normalised = validated.Report!;
        Assert.Equal("pnc-bulletin", normalised.Source);
        Assert.Equal("2017-06-11-004", normalised.SourceRecordId);
        Assert.Equal(new DateOnly(2017, 6, 11), normalised.OccurredOn);
        Assert.Equal(DatePrecision.Day, normalised.DatePrecision);
        Assert.Equal(new ResolvedPlace("SV", "SV-SS", "San Salvador", "0617", "Soyapango"), normalised.Place);
        Assert.Equal("ms13", normalised.Perpetrator);
        Assert.Equal("es-SV", normalised.Language);
        Assert.Equal(s_now.AddHours(-2).UtcDateTime, normalised.PublishedAt);
    }

    [Fact]
    public void Validate_ManyProblems_ListsEveryViolationWithItsFieldPath()
    {
        var report = new Report
        {
            Source = "",
            SourceRecordId = new string('x', 201),
            Url = "ftp://example.org/file",
            OccurredOn = Date(2017, 2, 30),
            DatePrecision = (DatePrecision)42,
            Place = new Place { CountryCode = "SV", Admin1 = "Xyz" },
            IncidentType = IncidentType.Unspecified,
            Victims =
            {
                new Victims { Category = VictimCategory.Civilian, Count = 2 },
                new Victims { Category = VictimCategory.Civilian, Count = 0 },
                new Victims { Category = VictimCategory.Unspecified, Count = -1 },
            },
            Language = "not a language!",
        };

        var validated = s_validator.Validate(report);

        Assert.False(validated.IsValid);
        var fields = validated.Violations.Select(v => v.Field).ToList();
        Assert.Equal(
        [
            "report.source",
            "report.source_record_id",
            "report.url",
            "report.occurred_on",
            "report.date_precision",
            "report.place.admin1",
            "report.incident_type",
            "report.victims[1].count",
            "report.victims[2].category",
            "report.victims[2].count",
            "report.language",
        ], fields);
        Assert.All(validated.Violations, v => Assert.False(string.IsNullOrWhiteSpace(v.Description)));
        Assert.Contains(validated.Violations, v => v.Field == "report.place.admin1" && v.Description == "unknown department 'Xyz' for country SV");
    }

    [Fact]
    public void Validate_MissingDate_IsRequired()
    {
        var report = SampleReports.Homicide("r1");
        report.OccurredOn = null;

        var violation = Assert.Single(s_validator.Validate(report).Violations);

        Assert.Equal("report.occurred_on", violation.Field);
        Assert.Equal("required", violation.Description);
    }

    [Theory]
    [InlineData(2017, 6, 13, "future")]
    [InlineData(1989, 12, 31, "before 1990-01-01")]
    [InlineData(2017, 0, 0, "not a real date")]
    [InlineData(2017, 6, 0, "not a real date")]
    [InlineData(2017, 13, 1, "not a real date")]
    public void Validate_ImpossibleDate_IsAViolation(int year, int month, int day, string why)
    {
        var report = SampleReports.Homicide("r1");
        report.OccurredOn = Date(year, month, day);

        var violation = Assert.Single(s_validator.Validate(report).Violations);

        Assert.Equal("report.occurred_on", violation.Field);
        Assert.Contains(why, violation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Today_IsAccepted()
    {
        var report = SampleReports.Homicide("r1");
        report.OccurredOn = Date(2017, 6, 12);

        Assert.True(s_validator.Validate(report).IsValid);
    }

    [Theory]
    [InlineData(DatePrecision.Week)]
    [InlineData(DatePrecision.Month)]
    public void Validate_CoarsePrecision_KeepsTheDateGiven(DatePrecision precision)
    {
        var report = SampleReports.Homicide("r1");
        report.OccurredOn = Date(2017, 6, 7);
        report.DatePrecision = precision;

        var normalised = s_validator.Validate(report).Report!;

        Assert.Equal(new DateOnly(2017, 6, 7), normalised.OccurredOn);
        Assert.Equal(precision, normalised.DatePrecision);
    }

    [Fact]
    public void Validate_SameCategoryTwice_SumsTheCounts()
    {
        var report = SampleReports.Homicide("r1");
        report.Victims.Clear();
        report.Victims.Add(new Victims { Category = VictimCategory.Civilian, Count = 2 });
        report.Victims.Add(new Victims { Category = VictimCategory.PoliceOfficer, Count = 1 });
        report.Victims.Add(new Victims { Category = VictimCategory.Civilian, Count = 1 });

        var victims = s_validator.Validate(report).Report!.Victims;

        Assert.Equal(2, victims.Count);
        Assert.Equal((VictimCategory.Civilian, 3), (victims[0].Category, victims[0].Count));
        Assert.Equal((VictimCategory.PoliceOfficer, 1), (victims[1].Category, victims[1].Count));
    }

    [Fact]
    public void Validate_HomicideWithoutVictims_IsAViolation()
    {
        var report = SampleReports.Homicide("r1");
        report.Victims.Clear();

        var violation = Assert.Single(s_validator.Validate(report).Violations);

        Assert.Equal("report.victims", violation.Field);
    }

    [Fact]
    public void Validate_ExtortionWithoutVictims_IsAccepted()
    {
        var report = SampleReports.Homicide("r1");
        report.IncidentType = IncidentType.Extortion;
        report.Victims.Clear();

        Assert.True(s_validator.Validate(report).IsValid);
    }

    [Theory]
    [InlineData("http://example.org/a")]
    [InlineData("https://diario.example.sv/nota?id=4")]
    [InlineData("")]
    public void Validate_HttpUrlOrNone_IsAccepted(string url)
    {
        var report = SampleReports.Homicide("r1");
        report.Url = url;

        Assert.True(s_validator.Validate(report).IsValid);
    }

    [Theory]
    [InlineData("example.org/a")]
    [InlineData("/relative/path")]
    [InlineData("mailto:desk@example.org")]
    public void Validate_NonHttpUrl_IsAViolation(string url)
    {
        var report = SampleReports.Homicide("r1");
        report.Url = url;

        Assert.Equal("report.url", Assert.Single(s_validator.Validate(report).Violations).Field);
    }

    [Fact]
    public void Validate_PublishedInTheFuture_IsAViolation()
    {
        var report = SampleReports.Homicide("r1");
        report.PublishedAt = Timestamp.FromDateTimeOffset(s_now.AddDays(1));

        Assert.Equal("report.published_at", Assert.Single(s_validator.Validate(report).Violations).Field);
    }

    [Fact]
    public void Validate_NoPlace_IsAViolation()
    {
        var report = SampleReports.Homicide("r1");
        report.Place = null;

        Assert.Equal("report.place", Assert.Single(s_validator.Validate(report).Violations).Field);
    }

    [Fact]
    public void Validate_InvalidReport_KeepsItsTrimmedKey()
    {
        var validated = s_validator.Validate(SampleReports.Invalid(" r9 "));

        Assert.False(validated.IsValid);
        Assert.True(validated.HasKey);
        Assert.Equal(("pnc-bulletin", "r9"), (validated.Source, validated.SourceRecordId));
    }
}
