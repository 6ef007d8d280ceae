using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Google.Protobuf;
using MassTransit.Serialization;
using Vigia.Contracts.Messages;
using Vigia.Contracts.Messages.Protobuf;
using Vigia.Ingestion.V1;

namespace Vigia.Benchmarks;

/// <summary>
/// What a 500-report batch costs on the wire: the SubmitReports message (protobuf) a client sends, and the
/// ReportsAccepted bus message ingestion publishes, as JSON (MassTransit's serializer settings, the body before issue
/// 11) against its protobuf bus body (<see cref="ProtobufBodies"/>), each JSON method the baseline of its category.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class MessageSerialisationBenchmarks
{
    private SubmitReportsRequest _request = null!;
    private byte[] _requestBytes = [];
    private ReportsAccepted _accepted = null!;
    private byte[] _acceptedJson = [];
    private byte[] _acceptedProtobuf = [];

    [GlobalSetup]
    public void SetUp()
    {
        var reports = Batches.Submitted();
        _request = new SubmitReportsRequest { Reports = { reports } };
        _requestBytes = _request.ToByteArray();
        _accepted = new ReportsAccepted { BatchId = Guid.NewGuid(), Reports = Batches.Accepted(reports) };
        _acceptedJson = JsonSerializer.SerializeToUtf8Bytes(_accepted, SystemTextJsonMessageSerializer.Options);
        _acceptedProtobuf = ProtobufBodies.Write(_accepted);
        Console.WriteLine(
            $"// SubmitReportsRequest of 500: {_requestBytes.Length:N0} bytes as protobuf; ReportsAccepted of 500: " +
            $"{_acceptedJson.Length:N0} bytes as JSON, {_acceptedProtobuf.Length:N0} bytes as a protobuf bus body");
    }

    [Benchmark(Description = "SubmitReportsRequest (500 reports) → protobuf")]
    [BenchmarkCategory("SubmitReports")]
    public byte[] SerialiseRequest() => _request.ToByteArray();

    [Benchmark(Description = "protobuf → SubmitReportsRequest (500 reports)")]
    [BenchmarkCategory("SubmitReports")]
    public SubmitReportsRequest ParseRequest() => SubmitReportsRequest.Parser.ParseFrom(_requestBytes);

    [Benchmark(Baseline = true, Description = "ReportsAccepted (500 reports) → JSON")]
    [BenchmarkCategory("ReportsAccepted write")]
    public byte[] SerialiseAcceptedJson() => JsonSerializer.SerializeToUtf8Bytes(_accepted, SystemTextJsonMessageSerializer.Options);

    [Benchmark(Description = "ReportsAccepted (500 reports) → protobuf bus body")]
    [BenchmarkCategory("ReportsAccepted write")]
    public byte[] SerialiseAcceptedProtobuf() => ProtobufBodies.Write(_accepted);

    [Benchmark(Baseline = true, Description = "JSON → ReportsAccepted (500 reports)")]
    [BenchmarkCategory("ReportsAccepted read")]
    public ReportsAccepted? ParseAcceptedJson() => JsonSerializer.Deserialize<ReportsAccepted>(_acceptedJson, SystemTextJsonMessageSerializer.Options);

    [Benchmark(Description = "protobuf bus body → ReportsAccepted (500 reports)")]
    [BenchmarkCategory("ReportsAccepted read")]
    public object ParseAcceptedProtobuf() => ProtobufBodies.Read(typeof(ReportsAccepted), _acceptedProtobuf);
}
