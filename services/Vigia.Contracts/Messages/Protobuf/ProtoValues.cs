using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using BusV1 = Vigia.Bus.V1;

namespace Vigia.Contracts.Messages.Protobuf;

/// <summary>How the records' .NET values are written in the bus bodies (protos/vigia/bus/v1/bus.proto).</summary>
internal static class ProtoValues
{
    public static ByteString ToProto(this Guid id) => UnsafeByteOperations.UnsafeWrap(id.ToByteArray());

    public static Guid ToGuid(this ByteString bytes) => new(bytes.Span);

    public static int ToProto(this DateOnly date) => date.DayNumber;

    public static DateOnly ToDate(int dayNumber) => DateOnly.FromDayNumber(dayNumber);

    public static BusV1.OffsetInstant ToProto(this DateTimeOffset instant) => new()
    {
        At = Timestamp.FromDateTimeOffset(instant),
        OffsetMinutes = (int)instant.Offset.TotalMinutes,
    };

    public static DateTimeOffset ToDateTimeOffset(this BusV1.OffsetInstant instant) =>
        instant.At.ToDateTimeOffset().ToOffset(TimeSpan.FromMinutes(instant.OffsetMinutes));

    // Recorded instants are UTC; one read back from SQLite has lost its kind but not its meaning.
    public static Timestamp ToProtoUtc(this DateTime instant) =>
        Timestamp.FromDateTime(instant.Kind == DateTimeKind.Utc ? instant : DateTime.SpecifyKind(instant, DateTimeKind.Utc));

    public static BusV1.VictimCount ToProto(this VictimCount victims) => new() { Category = victims.Category, Count = victims.Count };

    public static VictimCount FromProto(this BusV1.VictimCount victims) => new() { Category = victims.Category, Count = victims.Count };
}
