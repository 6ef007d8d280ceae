using Vigia.Common.V1;
using Vigia.Contracts.Messages;
using Vigia.Contracts.Selectors;
using Vigia.Statistics.Projection;
using Vigia.Statistics.Series;
using Vigia.Statistics.Tests.Support;

namespace Vigia.Statistics.Tests.Projection;

public sealed class IncidentProjectionTests : IDisposable
{
    private static readonly DatePeriod s_june2017 = new(new DateOnly(2017, 6, 1), new DateOnly(2017, 6, 30));
    private readonly SqliteStatisticsDatabase _database = new();

    [Fact]
    public async Task ApplyAsync_SameSnapshotTwice_CountedOnce()
    {
        var snapshot = Snapshots.Homicide("2017-06-09");

        var first = await ApplyAsync(snapshot);
        var second = await ApplyAsync(snapshot);

        Assert.Single(first);
        Assert.Empty(second);
        Assert.Equal([new KeyedCount(new DateOnly(2017, 6, 9), "SV-SS", 1)], await CountByAdmin1Async());
    }

    [Fact]
    public async Task ApplyAsync_OlderVersionAfterNewer_IsIgnored()
    {
        var id = Guid.NewGuid();
        await ApplyAsync(Snapshots.Homicide("2017-06-11", admin1: "SV-SM", id: id, version: 2));

        var changes = await ApplyAsync(Snapshots.Homicide("2017-06-09", admin1: "SV-SS", id: id, version: 1));

        Assert.Empty(changes);
        Assert.Equal([new KeyedCount(new DateOnly(2017, 6, 11), "SV-SM", 1)], await CountByAdmin1Async());
    }

    [Fact]
    public async Task ApplyAsync_Amendment_MovesCountToNewDayAndDepartment()
    {
        var id = Guid.NewGuid();
        var original = Snapshots.Homicide("2017-06-09", admin1: "SV-SS", victims: 2, id: id, version: 1);
        await ApplyAsync(original);

        var amended = Snapshots.Homicide("2017-06-11", admin1: "SV-SM", victims: 3, category: VictimCategory.SecurityForceRelative, id: id, version: 2);
        var changes = await ApplyAsync(amended);

        Assert.Equal([new KeyedCount(new DateOnly(2017, 6, 11), "SV-SM", 1)], await CountByAdmin1Async());
        Assert.Equal([new KeyedCount(new DateOnly(2017, 6, 11), "security_force_relative", 3)],
            await CountAsync(Measure.Victims, GroupBy.VictimCategory));
        var change = Assert.Single(changes);
        Assert.Equal("SV-SS", change.Previous!.Admin1);
        Assert.Equal(new DateOnly(2017, 6, 9), change.Previous.OccurredOn);
        Assert.Equal([new VictimCount { Category = VictimCategory.Civilian, Count = 2 }], change.Previous.Victims);
        Assert.Same(amended, change.Current);
    }

    [Fact]
    public async Task ApplyAsync_Retraction_RemovesIncidentFromEveryCount()
    {
        var id = Guid.NewGuid();
        await ApplyAsync(Snapshots.Homicide("2017-06-09", id: id, version: 1), Snapshots.Homicide("2017-06-10"));

        await ApplyAsync(Snapshots.Homicide("2017-06-09", id: id, version: 2) with { Retracted = true });

        Assert.Equal([new KeyedCount(new DateOnly(2017, 6, 10), "SV-SS", 1)], await CountByAdmin1Async());
        Assert.Equal([new KeyedCount(new DateOnly(2017, 6, 10), "civilian", 1)], await CountAsync(Measure.Victims, GroupBy.VictimCategory));
        await using var db = _database.CreateContext();
        Assert.True(db.Incidents.Single(i => i.Id == id).Retracted);
    }

    [Fact]
    public async Task ApplyAsync_RetractedThenStaleActiveVersion_StaysRetracted()
    {
        var id = Guid.NewGuid();
        await ApplyAsync(Snapshots.Homicide("2017-06-09", id: id, version: 3) with { Retracted = true });

        var changes = await ApplyAsync(Snapshots.Homicide("2017-06-09", id: id, version: 2));

        Assert.Empty(changes);
        Assert.Empty(await CountByAdmin1Async());
    }

    [Fact]
    public async Task ApplyAsync_SeveralVersionsInOneBatch_AppliesOnlyTheNewest()
    {
        var id = Guid.NewGuid();

        var changes = await ApplyAsync(
            Snapshots.Homicide("2017-06-12", admin1: "SV-SA", id: id, version: 3),
            Snapshots.Homicide("2017-06-09", admin1: "SV-SS", id: id, version: 1));

        var change = Assert.Single(changes);
        Assert.Null(change.Previous);
        Assert.Equal(3, change.Current.Version);
        Assert.Equal([new KeyedCount(new DateOnly(2017, 6, 12), "SV-SA", 1)], await CountByAdmin1Async());
    }

    [Fact]
    public async Task ApplyAsync_OlderVersionArrivingLate_StillAnswersAsOfBetweenTheTwo()
    {
        var id = Guid.NewGuid();
        var first = new DateTime(2017, 6, 12, 0, 0, 0, DateTimeKind.Utc);
        var second = first.AddDays(10);
        await ApplyAsync(Snapshots.Homicide("2017-06-11", admin1: "SV-SM", id: id, version: 2) with { RecordedAt = second });
        await ApplyAsync(Snapshots.Homicide("2017-06-09", admin1: "SV-SS", id: id, version: 1) with { RecordedAt = first });

        Assert.Equal([new KeyedCount(new DateOnly(2017, 6, 9), "SV-SS", 1)], await CountByAdmin1Async(asOf: first.AddDays(1)));
        Assert.Equal([new KeyedCount(new DateOnly(2017, 6, 11), "SV-SM", 1)], await CountByAdmin1Async(asOf: second));
        Assert.Empty(await CountByAdmin1Async(asOf: first.AddTicks(-1)));
        await using var db = _database.CreateContext();
        Assert.Equal([second, null], db.KnownVersions.Where(v => v.IncidentId == id).OrderBy(v => v.Version).Select(v => v.KnownUntil).ToList());
    }

    [Fact]
    public async Task ApplyAsync_SameVersionTwice_KnownOnce()
    {
        var snapshot = Snapshots.Homicide("2017-06-09") with { RecordedAt = new DateTime(2017, 6, 12, 0, 0, 0, DateTimeKind.Utc) };

        await ApplyAsync(snapshot);
        await ApplyAsync(snapshot);

        await using var db = _database.CreateContext();
        Assert.Equal(1, db.KnownVersions.Count(v => v.IncidentId == snapshot.IncidentId));
    }

    [Fact]
    public async Task ApplyAsync_SnapshotWithoutRecordedTime_KnownFromWhenItArrived()
    {
        var before = DateTime.UtcNow;
        await ApplyAsync(Snapshots.Homicide("2017-06-09"));
        var after = DateTime.UtcNow;

        Assert.Empty(await CountByAdmin1Async(asOf: before.AddSeconds(-1)));
        Assert.Equal([new KeyedCount(new DateOnly(2017, 6, 9), "SV-SS", 1)], await CountByAdmin1Async(asOf: after));
    }

    private async Task<IReadOnlyList<SeriesChange>> ApplyAsync(params IncidentSnapshot[] snapshots)
    {
        await using var db = _database.CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var changes = await new IncidentProjection(db, TimeProvider.System).ApplyAsync(snapshots, CancellationToken.None);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return changes;
    }

    private Task<IReadOnlyList<KeyedCount>> CountByAdmin1Async(DateTime? asOf = null) => CountAsync(Measure.Incidents, GroupBy.Admin1, asOf);

    private async Task<IReadOnlyList<KeyedCount>> CountAsync(Measure measure, GroupBy groupBy, DateTime? asOf = null)
    {
        await using var db = _database.CreateContext();
        var counts = await new CountAggregation(db).ByDayAsync(Selection.All, measure, s_june2017, groupBy, asOf, CancellationToken.None);
        return [.. counts.OrderBy(c => c.Date).ThenBy(c => c.Key, StringComparer.Ordinal)];
    }

    public void Dispose() => _database.Dispose();
}
