using System.Collections.Frozen;
using Google.Protobuf;
using BusV1 = Vigia.Bus.V1;

namespace Vigia.Contracts.Messages.Protobuf;

/// <summary>
/// The batch messages as compact protobuf bodies (protos/vigia/bus/v1/bus.proto) instead of JSON: a 500-report
/// ReportsAccepted is several times smaller and faster to write and read (docs/benchmarks.md). Only the types listed
/// here have a protobuf body; anything else the bus carries (faults, for one) stays JSON.
/// </summary>
public static class ProtobufBodies
{
    private sealed record Codec(Func<object, IMessage> ToProto, Func<byte[], object> Parse);

    private static readonly FrozenDictionary<Type, Codec> s_codecs = new Dictionary<Type, Codec>
    {
        [typeof(ReportsAccepted)] = new(m => ((ReportsAccepted)m).ToProto(), b => BusV1.ReportsAccepted.Parser.ParseFrom(b).FromProto()),
        [typeof(LiveReportsAccepted)] = new(m => ((LiveReportsAccepted)m).ToProto(), b => BusV1.ReportsAccepted.Parser.ParseFrom(b).FromLiveProto()),
        [typeof(ReportsWithdrawn)] = new(m => ((ReportsWithdrawn)m).ToProto(), b => BusV1.ReportsWithdrawn.Parser.ParseFrom(b).FromProto()),
        [typeof(ReportsRecorded)] = new(m => ((ReportsRecorded)m).ToProto(), b => BusV1.ReportsRecorded.Parser.ParseFrom(b).FromProto()),
        [typeof(IncidentsChanged)] = new(m => ((IncidentsChanged)m).ToProto(), b => BusV1.IncidentsChanged.Parser.ParseFrom(b).FromProto()),
        [typeof(SeriesChanged)] = new(m => ((SeriesChanged)m).ToProto(), b => BusV1.SeriesChanged.Parser.ParseFrom(b).FromProto()),
    }.ToFrozenDictionary();

    /// <summary>The content type the bodies travel with.</summary>
    public const string ContentType = "application/vnd.vigia.bus+protobuf";

    /// <summary>Whether <paramref name="messageType"/> has a protobuf body.</summary>
    public static bool Carries(Type messageType) => s_codecs.ContainsKey(messageType);

    public static byte[] Write(object message) => CodecOf(message.GetType()).ToProto(message).ToByteArray();

    /// <exception cref="InvalidProtocolBufferException">The body is not a message of that type.</exception>
    public static object Read(Type messageType, byte[] body) => CodecOf(messageType).Parse(body);

    private static Codec CodecOf(Type messageType) => s_codecs.TryGetValue(messageType, out var codec)
        ? codec
        : throw new ArgumentException($"{messageType.FullName} has no protobuf bus body.", nameof(messageType));
}
