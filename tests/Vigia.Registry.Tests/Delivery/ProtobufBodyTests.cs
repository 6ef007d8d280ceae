using System.Collections.Concurrent;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigia.Common.V1;
using Vigia.Contracts.Messages;
using Vigia.Contracts.Messages.Protobuf;
using Vigia.ServiceDefaults.Delivery;
using Vigia.ServiceDefaults.Messaging;

namespace Vigia.Registry.Tests.Delivery;

/// <summary>The batch messages' protobuf bodies: what they carry, and that the relay sends them so while JSON is still read.</summary>
public class ProtobufBodyTests
{
    // Records compare their lists by reference: the JSON of two messages is compared instead, field for field.
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    [Fact]
    public void Read_ReportsAcceptedWritten_HasEveryFieldOfEveryReport()
    {
        var spelledOut = Reports.Report("bulletin", "1", new DateOnly(2024, 2, 29), admin2: "SV-SM-01",
            victims: [(VictimCategory.Civilian, 2), (VictimCategory.PoliceOfficer, 1)]) with
        {
            Admin1Name = "San Miguel",
            Admin2Name = "San Miguel Centro",
            Language = "es",
            PublishedAt = new DateTimeOffset(2024, 2, 29, 18, 30, 15, 123, TimeSpan.FromHours(-6)).AddTicks(4567),
            ReceivedAt = new DateTimeOffset(2024, 3, 1, 0, 0, 1, TimeSpan.FromHours(2)),
            Revision = 3,
        };
        var bare = Reports.Report("feed", "2", new DateOnly(1900, 1, 1), precision: DatePrecision.Month) with
        {
            Url = null,
            PublishedAt = null,
            Admin1 = null,
            Description = null,
            Victims = [],
        };
        var message = Reports.Batch(spelledOut, bare);

        var read = ProtobufBodies.Read(typeof(ReportsAccepted), ProtobufBodies.Write(message));

        Assert.Equal(JsonSerializer.Serialize(message, s_json), JsonSerializer.Serialize((ReportsAccepted)read, s_json));
        Assert.Equal(TimeSpan.FromHours(-6), ((ReportsAccepted)read).Reports[0].PublishedAt!.Value.Offset);
    }

    [Fact]
    public void Read_LiveReportsAcceptedWritten_IsTheSameBatchOnTheLiveLane()
    {
        var message = new LiveReportsAccepted { BatchId = Guid.NewGuid(), Reports = [Reports.Report("desk", "1", new DateOnly(2024, 2, 29)) with { Revision = 2 }] };

        var read = ProtobufBodies.Read(typeof(LiveReportsAccepted), ProtobufBodies.Write(message));

        Assert.Equal(JsonSerializer.Serialize(message, s_json), JsonSerializer.Serialize(Assert.IsType<LiveReportsAccepted>(read), s_json));
    }

    [Fact]
    public void Read_SeriesChangedWritten_KeepsPreviousVersionsAndRecordTimes()
    {
        var previous = Snapshot(version: 1, recordedAt: null, admin2: null);
        var current = Snapshot(version: 2, recordedAt: new DateTime(2025, 5, 6, 7, 8, 9, DateTimeKind.Utc).AddTicks(1), admin2: "SV-SS-14") with { Retracted = true };
        var message = new SeriesChanged
        {
            BatchId = Guid.NewGuid(),
            Changes = [new SeriesChange { Previous = previous, Current = current }, new SeriesChange { Current = Snapshot(version: 1, recordedAt: null, admin2: null) }],
        };

        var read = (SeriesChanged)ProtobufBodies.Read(typeof(SeriesChanged), ProtobufBodies.Write(message));

        Assert.Equal(JsonSerializer.Serialize(message, s_json), JsonSerializer.Serialize(read, s_json));
        Assert.Null(read.Changes[1].Previous);
    }

    [Fact]
    public void Write_ReportsAcceptedOf500_IsAFractionOfItsJson()
    {
        var message = Reports.Batch([.. Enumerable.Range(0, 500).Select(i => Reports.Report("bulletin", $"r{i}", new DateOnly(2024, 1, 1).AddDays(i % 365)))]);

        var protobuf = ProtobufBodies.Write(message).Length;
        var json = JsonSerializer.SerializeToUtf8Bytes(message, MassTransit.Serialization.SystemTextJsonMessageSerializer.Options).Length;

        Assert.True(protobuf * 2 < json, $"protobuf {protobuf} bytes, JSON {json} bytes");
    }

    [Fact]
    public async Task Relay_JsonBatchIn_PublishesWhatTheRegistryRecordedAsProtobuf()
    {
        var received = new ReceivedBodies();
        await using var host = await RegistryTestHost.StartAsync(configure: received.AddTo);
        var batch = Reports.Batch(Reports.Report("bulletin", "pb-1", new DateOnly(2024, 4, 1)), Reports.Report("bulletin", "pb-2", new DateOnly(2024, 4, 2)));

        // Published as a test or an older ingestion would: MassTransit's default JSON envelope.
        await host.RecordAsync(batch);
        await RegistryTestHost.Eventually(() => Task.FromResult(!received.Bodies.IsEmpty));

        var (contentType, recorded) = Assert.Single(received.Bodies);
        Assert.Equal(ProtobufBodies.ContentType, contentType);
        Assert.Equal(batch.Reports.Select(r => r.ReportId).Order(), recorded.Reports.Select(r => r.ReportId).Order());
        Assert.All(recorded.Reports, r => Assert.NotEqual(Guid.Empty, r.IncidentId));
    }

    [Fact]
    public async Task Relay_ProtobufBodiesOff_StoresAndPublishesJson()
    {
        var received = new ReceivedBodies();
        await using var host = await RegistryTestHost.StartAsync(
            new Dictionary<string, string?> { [$"{BusOptions.Section}:{nameof(BusOptions.ProtobufBodies)}"] = "false" }, received.AddTo);

        await host.RecordAsync(Reports.Batch(Reports.Report("bulletin", "json-1", new DateOnly(2024, 4, 3))));
        await RegistryTestHost.Eventually(() => Task.FromResult(!received.Bodies.IsEmpty));

        var (contentType, recorded) = Assert.Single(received.Bodies);
        Assert.Equal("application/vnd.masstransit+json", contentType);
        Assert.Single(recorded.Reports);
        // What a relay of a release before protobuf outbox rows reads, while a rolling upgrade has both running.
        var rows = await host.QueryAsync(db => db.Set<OutboxMessage>().AsNoTracking().ToListAsync());
        Assert.Equal(2, rows.Count);
        Assert.All(rows, row =>
        {
            Assert.Null(row.Payload);
            Assert.NotNull(JsonDocument.Parse(row.Body));
        });
    }

    [Fact]
    public async Task Outbox_BatchMessages_AreStoredAsTheirProtobufBodies()
    {
        await using var host = await RegistryTestHost.StartAsync();
        var batch = Reports.Batch(Reports.Report("bulletin", "row-1", new DateOnly(2024, 4, 4)), Reports.Report("bulletin", "row-2", new DateOnly(2024, 4, 5)));

        await host.RecordAsync(batch);

        var rows = await host.QueryAsync(db => db.Set<OutboxMessage>().AsNoTracking().ToListAsync());
        Assert.Equal(2, rows.Count);
        Assert.All(rows, row =>
        {
            Assert.Equal("", row.Body);
            Assert.NotNull(row.Payload);
        });
        var recorded = rows.Single(r => r.MessageType == OutboxMessageTypes.NameOf(typeof(ReportsRecorded))).Read<ReportsRecorded>()!;
        Assert.Equal(batch.Reports.Select(r => r.ReportId).Order(), recorded.Reports.Select(r => r.ReportId).Order());
        var changed = rows.Single(r => r.MessageType == OutboxMessageTypes.NameOf(typeof(IncidentsChanged))).Read<IncidentsChanged>()!;
        Assert.Equal([new DateOnly(2024, 4, 4), new DateOnly(2024, 4, 5)], changed.Incidents.Select(i => i.OccurredOn).Order());
        Assert.Equal(recorded.Reports.Select(r => r.IncidentId).Order(), changed.Incidents.Select(i => i.IncidentId).Order());
    }

    [Fact]
    public async Task Relay_JsonRowOfAnEarlierRelease_IsPublishedAsProtobuf()
    {
        var received = new ReceivedBodies();
        await using var host = await RegistryTestHost.StartAsync(configure: received.AddTo);
        var message = new ReportsRecorded { Reports = [new RecordedReport { ReportId = Guid.NewGuid(), IncidentId = Guid.NewGuid() }] };

        // As the release before protobuf outbox rows wrote it, still pending when this one starts.
        await AddReportsRecordedRowAsync(host, JsonSerializer.Serialize(message, s_json), payload: null);
        await RegistryTestHost.Eventually(() => Task.FromResult(!received.Bodies.IsEmpty));

        var (contentType, recorded) = Assert.Single(received.Bodies);
        Assert.Equal(ProtobufBodies.ContentType, contentType);
        Assert.Equal(JsonSerializer.Serialize(message, s_json), JsonSerializer.Serialize(recorded, s_json));
    }

    [Fact]
    public async Task Relay_ProtobufRow_IsPublishedAsItWasWritten()
    {
        var received = new ReceivedBodies();
        await using var host = await RegistryTestHost.StartAsync(configure: received.AddTo);
        var message = new ReportsRecorded { Reports = [new RecordedReport { ReportId = Guid.NewGuid(), IncidentId = Guid.NewGuid() }] };
        // With a field this release does not know (number 99, varint 1): reading the row into the record drops it, so
        // the body arrives with it only if the relay sent the row's bytes instead of writing the message again.
        byte[] written = [.. ProtobufBodies.Write(message), 0x98, 0x06, 0x01];

        await AddReportsRecordedRowAsync(host, body: "", written);
        await RegistryTestHost.Eventually(() => Task.FromResult(!received.Raw.IsEmpty));

        Assert.Equal(written, Assert.Single(received.Raw));
        Assert.Equal(message.Reports[0].ReportId, Assert.Single(Assert.Single(received.Bodies).Message.Reports).ReportId);
    }

    /// <summary>A pending ReportsRecorded row written straight into the registry's outbox, as another release's writer left it.</summary>
    private static Task<int> AddReportsRecordedRowAsync(RegistryTestHost host, string body, byte[]? payload) => host.QueryAsync(db =>
    {
        db.Set<OutboxMessage>().Add(new OutboxMessage
        {
            MessageId = Guid.NewGuid(),
            MessageType = OutboxMessageTypes.NameOf(typeof(ReportsRecorded)),
            Body = body,
            Payload = payload,
            CreatedAt = DateTime.UtcNow,
        });
        return db.SaveChangesAsync();
    });

    private static IncidentSnapshot Snapshot(long version, DateTime? recordedAt, string? admin2) => new()
    {
        IncidentId = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"),
        Version = version,
        OccurredOn = new DateOnly(2025, 5, 5),
        DatePrecision = DatePrecision.Day,
        CountryCode = "SV",
        Admin1 = "SV-SS",
        Admin2 = admin2,
        IncidentType = IncidentType.Extortion,
        Victims = [new VictimCount { Category = VictimCategory.Civilian, Count = (int)version }],
        Perpetrator = "Pandilla",
        Retracted = false,
        RecordedAt = recordedAt,
    };
}

/// <summary>What a ReportsRecorded consumer received, with the content type its body came in.</summary>
internal sealed class ReceivedBodies
{
    public ConcurrentQueue<(string? ContentType, ReportsRecorded Message)> Bodies { get; } = new();

    /// <summary>Each body's bytes as they arrived.</summary>
    public ConcurrentQueue<byte[]> Raw { get; } = new();

    public void AddTo(Microsoft.AspNetCore.Builder.WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(this);
        builder.AddBusConsumers(x => x.AddConsumer<ReportsRecordedBodyCapture>());
    }
}

internal sealed class ReportsRecordedBodyCapture(ReceivedBodies received) : IConsumer<ReportsRecorded>
{
    public Task Consume(ConsumeContext<ReportsRecorded> context)
    {
        received.Raw.Enqueue(context.ReceiveContext.Body.GetBytes());
        received.Bodies.Enqueue((context.ReceiveContext.ContentType?.MediaType, context.Message));
        return Task.CompletedTask;
    }
}
