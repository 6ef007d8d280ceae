using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;

namespace Vigia.Fuzz.Tests.Support;

/// <summary>
/// Every RPC of ingestion, registry, statistics and alerting, read from the contract's descriptors (so a new RPC is
/// fuzzed without a line here), each with a valid seed request in proto JSON where a bare one would stop at the first check.
/// </summary>
public static class RpcCatalog
{
    /// <summary>The seed report's record id, replaced by a fresh one in each request that keeps it.</summary>
    public const string SeedRecordId = "seed";

    public const string ReportJson = """
        {"source":"fuzz","sourceRecordId":"seed","url":"https://example.org/fuzz","occurredOn":{"year":2017,"month":6,"day":11},
         "place":{"countryCode":"SV","admin1":"San Salvador","admin2":"Soyapango"},"incidentType":"INCIDENT_TYPE_HOMICIDE",
         "victims":[{"category":"VICTIM_CATEGORY_CIVILIAN","count":1}],"perpetrator":"MS-13","description":"seed","language":"es"}
        """;

    private const string Period = """{"startDate":{"year":2017,"month":1,"day":1},"endDate":{"year":2017,"month":12,"day":31}}""";
    private const string Selector = """{"countryCodes":["SV"],"admin1":["SV-SS"],"incidentTypes":["INCIDENT_TYPE_HOMICIDE"],"perpetrators":["ms13"]}""";
    private const string Rule = $$"""
        {"ruleId":"fuzz-rule","displayName":"Fuzz","selector":{{Selector}},"measure":"MEASURE_INCIDENTS","groupBy":"GROUP_BY_ADMIN1",
         "detector":{"threshold":{"count":3,"windowDays":2} },"minCount":1,"labels":{"team":"fuzz"},"enabled":true}
        """;

    private static readonly Dictionary<string, string> s_seeds = new(StringComparer.Ordinal)
    {
        ["SubmitReport"] = $$"""{"report":{{ReportJson}}}""",
        ["SubmitReports"] = $$"""{"reports":[{{ReportJson}},{{ReportJson}}]}""",
        ["GetReport"] = """{"reportId":"{report}"}""",
        ["GetIncident"] = """{"incidentId":"{incident}"}""",
        ["ListIncidents"] = $$"""{"period":{{Period}},"selector":{{Selector}},"source":"fuzz","pageSize":10}""",
        ["AmendIncident"] = $$"""
            {"incident":{"incidentId":"{incident}","occurredOn":{"year":2017,"month":6,"day":12},
             "place":{"countryCode":"SV","admin1":"SV-SS"},"incidentType":"INCIDENT_TYPE_ATTACK","victims":[{"category":"VICTIM_CATEGORY_CIVILIAN","count":2}],
             "perpetrator":"ms13","description":"amended"},"updateMask":"occurredOn,place,incidentType,victims,perpetrator,description","expectedVersion":"1","reason":"fuzz"}
            """,
        ["RetractIncident"] = """{"incidentId":"{incident}","reason":"fuzz","expectedVersion":"1"}""",
        ["GetIncidentHistory"] = """{"incidentId":"{incident}"}""",
        ["WatchIncidents"] = $$"""{"fromSequence":"0","selector":{{Selector}}}""",
        ["GetTimeSeries"] = $$"""{"selector":{{Selector}},"measure":"MEASURE_VICTIMS","granularity":"GRANULARITY_WEEK","period":{{Period}},"groupBy":"GROUP_BY_ADMIN1","per100k":true}""",
        ["ComparePeriods"] = $$"""{"selector":{{Selector}},"measure":"MEASURE_INCIDENTS","basePeriod":{{Period}},"comparisonPeriod":{{Period}}}""",
        ["GetRate"] = $$"""{"selector":{{Selector}},"measure":"MEASURE_INCIDENTS","period":{{Period}}}""",
        ["RankPlaces"] = $$"""{"selector":{{Selector}},"measure":"MEASURE_INCIDENTS","period":{{Period}},"level":"PLACE_LEVEL_ADMIN1","orderBy":"RANK_ORDER_RATE","limit":5}""",
        ["EvaluateIntervention"] = $$"""
            {"treatedPlaces":["SV-SS"],"controlPlaces":["SV-SM"],"startDate":{"year":2017,"month":6,"day":1},"selector":{{Selector}},
             "measure":"MEASURE_INCIDENTS","period":{{Period}},"granularity":"GRANULARITY_MONTH"}
            """,
        ["CreateRule"] = $$"""{"rule":{{Rule}}}""",
        ["GetRule"] = """{"ruleId":"fuzz-rule"}""",
        ["ListRules"] = """{"pageSize":10}""",
        ["UpdateRule"] = $$"""{"rule":{{Rule}},"updateMask":"displayName,detector,enabled"}""",
        ["DeleteRule"] = """{"ruleId":"fuzz-rule"}""",
        ["ListAlerts"] = """{"pageSize":10,"ruleId":"fuzz-rule"}""",
        ["GetAlert"] = """{"alertId":"fuzz-alert"}""",
        ["AcknowledgeAlert"] = """{"alertId":"fuzz-alert","comment":"seen"}""",
        ["CreateSilence"] = $$"""{"silence":{"selector":{{Selector}},"ruleId":"fuzz-rule","startTime":"2026-01-01T00:00:00Z","endTime":"2026-01-02T00:00:00Z","comment":"fuzz"} }""",
        ["ListSilences"] = """{"pageSize":10}""",
        ["DeleteSilence"] = """{"silenceId":"fuzz-silence"}""",
        ["SubscribeAlerts"] = $$"""{"selector":{{Selector}},"minSeverity":"SEVERITY_LOW","labels":{"team":"fuzz"} }""",
        ["BacktestRule"] = $$"""{"rule":{{Rule}},"period":{{Period}}}""",
    };

    /// <summary>The four services' RPCs, their seeds naming a real incident and report so the checks past "not found" are reached.</summary>
    public static IReadOnlyList<Rpc> All(string incidentId, string reportId) =>
    [
        .. new[]
        {
            Vigia.Ingestion.V1.IngestionService.Descriptor,
            Vigia.Registry.V1.RegistryService.Descriptor,
            Vigia.Statistics.V1.StatisticsService.Descriptor,
            Vigia.Alerting.V1.AlertingService.Descriptor,
        }.SelectMany(s => s.Methods).Select(m => new Rpc(m, Seed(m, incidentId, reportId))),
    ];

    private static IMessage Seed(MethodDescriptor method, string incidentId, string reportId) => JsonParser.Default.Parse(
        s_seeds.GetValueOrDefault(method.Name, "{}").Replace("{incident}", incidentId, StringComparison.Ordinal).Replace("{report}", reportId, StringComparison.Ordinal),
        method.InputType);
}

/// <summary>One RPC: its descriptor, a valid seed request, and the call as a gRPC method over any message.</summary>
public sealed record Rpc(MethodDescriptor Descriptor, IMessage Seed)
{
    public string Name => $"{Descriptor.Service.Name}/{Descriptor.Name}";

    public Method<IMessage, IMessage> Method { get; } = new(
        (Descriptor.IsClientStreaming, Descriptor.IsServerStreaming) switch
        {
            (true, true) => MethodType.DuplexStreaming,
            (true, false) => MethodType.ClientStreaming,
            (false, true) => MethodType.ServerStreaming,
            _ => MethodType.Unary,
        },
        Descriptor.Service.FullName,
        Descriptor.Name,
        Marshallers.Create<IMessage>(m => m.ToByteArray(), b => Descriptor.InputType.Parser.ParseFrom(b)),
        Marshallers.Create<IMessage>(m => m.ToByteArray(), b => Descriptor.OutputType.Parser.ParseFrom(b)));

    public override string ToString() => Name;
}
