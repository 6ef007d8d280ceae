using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Vigia.Alerting.Delivery;
using Vigia.Alerting.V1;
using Vigia.Common.V1;
using Vigia.ServiceDefaults.Grpc;

namespace Vigia.Alerting.Tests.Delivery;

public sealed class AlertCloudEventTests
{
    [Fact]
    public void RoutingKey_NationwideSeries_UsesAllForTheDepartment()
    {
        var key = AlertRoutingKey.For(Opened(new Selector
        {
            CountryCodes = { "SV" },
            IncidentTypes = { IncidentType.Homicide },
            VictimCategories = { VictimCategory.SecurityForceRelative },
        }));

        Assert.Equal("opened.sv.all.homicide.security_force_relative.high", key);
    }

    [Fact]
    public void RoutingKey_DepartmentSeries_NamesEveryPartInLowerCase()
    {
        var key = AlertRoutingKey.For(Opened(new Selector
        {
            CountryCodes = { "SV" },
            Admin1 = { "SV-SM" },
            IncidentTypes = { IncidentType.Homicide },
            VictimCategories = { VictimCategory.SecurityForceRelative },
        }));

        Assert.Equal("opened.sv.sv-sm.homicide.security_force_relative.high", key);
    }

    [Fact]
    public void RoutingKey_SeveralTypesAndResolved_UsesAllAndTheKind()
    {
        var alertEvent = Opened(new Selector { IncidentTypes = { IncidentType.Homicide, IncidentType.Attack } });
        alertEvent.Kind = AlertEventKind.Resolved;
        alertEvent.Severity = Severity.Low;

        Assert.Equal("resolved.all.all.all.all.low", AlertRoutingKey.For(alertEvent));
    }

    [Fact]
    public void Encode_OpenedEvent_IsAStructuredCloudEventWhoseDataIsTheAlertEvent()
    {
        var alertEvent = Opened(new Selector { CountryCodes = { "SV" }, IncidentTypes = { IncidentType.Homicide } });

        var json = JsonDocument.Parse(AlertCloudEvent.Encode(alertEvent)).RootElement;

        Assert.Equal("1.0", json.GetProperty("specversion").GetString());
        Assert.Equal("org.vigia.alert.opened.v1", json.GetProperty("type").GetString());
        Assert.Equal(alertEvent.EventId, json.GetProperty("id").GetString());
        Assert.Equal("/vigia/alerting", json.GetProperty("source").GetString());
        Assert.Equal(alertEvent.AlertId, json.GetProperty("subject").GetString());
        Assert.Equal("application/json", json.GetProperty("datacontenttype").GetString());
        Assert.Equal(alertEvent.EmittedAt.ToDateTimeOffset(), json.GetProperty("time").GetDateTimeOffset());
        var data = JsonParser.Default.Parse<AlertEvent>(json.GetProperty("data").GetRawText());
        Assert.Equal(alertEvent, data);
    }

    [Fact]
    public void Encode_ThresholdEventExpectingZero_DataHasEveryFieldAndNamesItsSchema()
    {
        var alertEvent = Opened(new Selector { CountryCodes = { "SV" } });

        var json = JsonDocument.Parse(AlertCloudEvent.Encode(alertEvent)).RootElement;

        var data = json.GetProperty("data");
        Assert.Equal(0, data.GetProperty("expected").GetDouble());
        Assert.Equal("ALERT_RESOLUTION_UNSPECIFIED", data.GetProperty("resolution").GetString());
        Assert.Equal("", data.GetProperty("comment").GetString());
        Assert.Equal(AlertCloudEvent.DataSchema, json.GetProperty("dataschema").GetString());
        Assert.False(json.TryGetProperty("traceparent", out _), "an event raised outside a trace carries no traceparent");
    }

    [Theory]
    [InlineData(AlertEventKind.Updated, "org.vigia.alert.updated.v1")]
    [InlineData(AlertEventKind.Resolved, "org.vigia.alert.resolved.v1")]
    public void TypeOf_Kind_IsTheVersionedEventType(AlertEventKind kind, string expected) =>
        Assert.Equal(expected, AlertCloudEvent.TypeOf(kind));

    internal static AlertEvent Opened(Selector series) => new()
    {
        EventId = Guid.NewGuid().ToString(),
        Kind = AlertEventKind.Opened,
        AlertId = Guid.NewGuid().ToString(),
        RuleId = "security-force-relatives-killed",
        Series = series,
        Window = new Period
        {
            StartDate = new Google.Type.Date { Year = 2017, Month = 6, Day = 11 },
            EndDate = new Google.Type.Date { Year = 2017, Month = 6, Day = 12 },
        },
        Observed = 3,
        UpperBound = 2,
        Score = 1,
        Severity = Severity.High,
        IncidentIds = { Guid.NewGuid().ToString(), Guid.NewGuid().ToString() },
        EmittedAt = Timestamp.FromDateTime(new DateTime(2017, 6, 12, 18, 30, 0, DateTimeKind.Utc)),
        Method = "threshold",
        Labels = { ["team"] = "security" },
    };
}
