using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using MassTransit.Serialization;
using Vigia.Contracts.Messages;
using Vigia.Ingestion.V1;

namespace Vigia.Benchmarks;

/// <summary>
/// What a 500-report batch costs on the wire: the SubmitReports message (protobuf) a client sends, and
/// the ReportsAccepted bus message (JSON, with MassTransit's serializer settings) ingestion publishes.
/// </summary>
public class MessageSerialisationBenchmarks
{
    private SubmitReportsRequest _request = null!;
    private byte[] _requestBytes = [];
    private ReportsAccepted _accepted = null!;
    private byte[] _acceptedJson = [];

    [GlobalSetup]
    public void SetUp()
    {
        var reports = Batches.Submitted();
        _request = new SubmitReportsRequest { Reports = { reports } };
        _requestBytes = _request.ToByteArray();
        _accepted = new ReportsAccepted { BatchId = Guid.NewGuid(), Reports = Batches.Accepted(reports) };
        _acceptedJson = JsonSerializer.SerializeToUtf8Bytes(_accepted, SystemTextJsonMessageSerializer.Options);
        Console.WriteLine($"// SubmitReportsRequest of 500: {_requestBytes.Length:N0} bytes as protobuf; ReportsAccepted of 500: {_acceptedJson.Length:N0} bytes as JSON");
    }

    [Benchmark(Description = "SubmitReportsRequest (500 reports) → protobuf")]
    public byte[] SerialiseRequest() => _request.ToByteArray();

    [Benchmark(Description = "protobuf → SubmitReportsRequest (500 reports)")]
    public SubmitReportsRequest ParseRequest() => SubmitReportsRequest.Parser.ParseFrom(_requestBytes);

    [Benchmark(Description = "ReportsAccepted (500 reports) → JSON")]
    public byte[] SerialiseAccepted() => JsonSerializer.SerializeToUtf8Bytes(_accepted, SystemTextJsonMessageSerializer.Options);

    [Benchmark(Description = "JSON → ReportsAccepted (500 reports)")]
    public ReportsAccepted? ParseAccepted() => JsonSerializer.Deserialize<ReportsAccepted>(_acceptedJson, SystemTextJsonMessageSerializer.Options);
}
