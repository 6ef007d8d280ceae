using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Vigia.Common.V1;
using Vigia.ServiceDefaults.Persistence;
using Vigia.Statistics.Data;

namespace Vigia.Statistics.Projection;

/// <summary>
/// Keeps the daily rollups (<see cref="DailyCount"/>, and by victim category <see cref="DailyVictimCount"/>) in step
/// with the projection: every applied change adds its incident (and victims) to the cells of its new version and takes
/// them from the cells of the version it replaced, in one upsert statement per rollup and batch inside the projection's
/// transaction (the changed cells as one table-valued parameter, <see cref="ModelSql.Rows"/>). Cells are written in key
/// order, so two statistics replicas never wait on each other in a cycle.
/// </summary>
public sealed class DailyCounts
{
    private readonly Dictionary<Cell, Totals> _cells = [];
    private readonly Dictionary<VictimCell, Totals> _victimCells = [];

    /// <summary>Counts the incident in its cells (a retracted one counts nowhere).</summary>
    public void Add(CountedIncident incident) => Move(incident, +1);

    /// <summary>Takes the incident out of its cells (a retracted one was in none).</summary>
    public void Remove(CountedIncident incident) => Move(incident, -1);

    public async Task SaveAsync(StatisticsDbContext db, CancellationToken ct)
    {
        var cells = Changed(_cells);
        var victimCells = Changed(_victimCells);
        if (cells.Count > 0)
        {
            await UpsertAsync<DailyCount>(db, [.. cells.Select(c => c.Value)], [
                (nameof(DailyCount.Admin1), cells.Select(c => c.Key.Admin1).ToArray()),
                (nameof(DailyCount.OccurredOn), cells.Select(c => c.Key.Day).ToArray()),
                (nameof(DailyCount.CountryCode), cells.Select(c => c.Key.Country).ToArray()),
                (nameof(DailyCount.IncidentType), cells.Select(c => (int)c.Key.Type).ToArray())], ct);
        }

        if (victimCells.Count > 0)
        {
            await UpsertAsync<DailyVictimCount>(db, [.. victimCells.Select(c => c.Value)], [
                (nameof(DailyVictimCount.Category), victimCells.Select(c => (int)c.Key.Category).ToArray()),
                (nameof(DailyVictimCount.OccurredOn), victimCells.Select(c => c.Key.Day).ToArray()),
                (nameof(DailyVictimCount.Admin1), victimCells.Select(c => c.Key.Admin1).ToArray()),
                (nameof(DailyVictimCount.CountryCode), victimCells.Select(c => c.Key.Country).ToArray()),
                (nameof(DailyVictimCount.IncidentType), victimCells.Select(c => (int)c.Key.Type).ToArray())], ct);
        }
    }

    private void Move(CountedIncident incident, int sign)
    {
        if (incident.Retracted)
        {
            return;
        }

        var admin1 = incident.Admin1 ?? DailyCount.NoAdmin1;
        var cell = new Cell(admin1, incident.OccurredOn, incident.CountryCode, incident.IncidentType);
        _cells[cell] = _cells.GetValueOrDefault(cell).Plus(sign, incident.VictimCount);
        foreach (var victims in incident.Victims.Where(v => v.Count > 0))
        {
            var victimCell = new VictimCell(victims.Category, incident.OccurredOn, admin1, incident.CountryCode, incident.IncidentType);
            _victimCells[victimCell] = _victimCells.GetValueOrDefault(victimCell).Plus(sign, victims.Count);
        }
    }

    private static List<KeyValuePair<TCell, Totals>> Changed<TCell>(Dictionary<TCell, Totals> deltas)
        where TCell : IComparable<TCell>
    {
        var changed = deltas.Where(d => d.Value != default).OrderBy(d => d.Key).ToList();
        deltas.Clear();
        return changed;
    }

    /// <summary>
    /// Adds each cell's change to its row, or inserts the row: <paramref name="key"/> is the rollup's primary key, a
    /// column of values per key property, in the order of <paramref name="changes"/>.
    /// </summary>
    private static async Task UpsertAsync<TRow>(
        StatisticsDbContext db, Totals[] changes, (string Property, Array Values)[] key, CancellationToken ct)
        where TRow : class
    {
        var sql = new ModelSql(db);
        var table = sql.Table<TRow>();
        (string Property, Array Values)[] columns = [
            .. key,
            (Incidents, changes.Select(c => c.Incidents).ToArray()),
            (Victims, changes.Select(c => c.Victims).ToArray())];
        var names = columns.Select(c => sql.Column<TRow>(c.Property)).ToArray();
        var aliases = columns.Select((_, i) => $"c{i}").ToArray();
        var parameters = new List<DbParameter>();
        var rows = sql.Rows("cells", parameters, [.. columns.Select((c, i) => (aliases[i], c.Values))]);
        var (incidents, victims) = (sql.Column<TRow>(Incidents), sql.Column<TRow>(Victims));

        // "WHERE true" tells SQLite's parser that ON CONFLICT below belongs to the INSERT, not to a join.
#pragma warning disable EF1002 // every identifier comes from the model through ModelSql; the values are parameters
        await db.Database.ExecuteSqlRawAsync($"""
            INSERT INTO {table} ({string.Join(", ", names)})
            SELECT {string.Join(", ", aliases.Select(a => $"cells.{a}"))} FROM {rows} WHERE true
            ON CONFLICT ({string.Join(", ", names[..key.Length])}) DO UPDATE SET
                {incidents} = {table}.{incidents} + excluded.{incidents},
                {victims} = {table}.{victims} + excluded.{victims}
            """, parameters, ct);
#pragma warning restore EF1002
    }

    private const string Incidents = nameof(DailyCount.Incidents);
    private const string Victims = nameof(DailyCount.Victims);

    /// <summary>What a change adds to a cell: incidents, and their victims (of the cell's category, for a victim cell).</summary>
    private readonly record struct Totals(int Incidents, long Victims)
    {
        public Totals Plus(int sign, long victims) => new(Incidents + sign, Victims + (sign * victims));
    }

    /// <summary>A <see cref="DailyCount"/> row's key, in the order of the table's primary key.</summary>
    private readonly record struct Cell(string Admin1, DateOnly Day, string Country, IncidentType Type) : IComparable<Cell>
    {
        public int CompareTo(Cell other)
        {
            var order = string.CompareOrdinal(Admin1, other.Admin1);
            order = order != 0 ? order : Day.CompareTo(other.Day);
            order = order != 0 ? order : string.CompareOrdinal(Country, other.Country);
            return order != 0 ? order : Type.CompareTo(other.Type);
        }
    }

    /// <summary>A <see cref="DailyVictimCount"/> row's key, in the order of the table's primary key.</summary>
    private readonly record struct VictimCell(VictimCategory Category, DateOnly Day, string Admin1, string Country, IncidentType Type)
        : IComparable<VictimCell>
    {
        public int CompareTo(VictimCell other)
        {
            var order = Category.CompareTo(other.Category);
            order = order != 0 ? order : Day.CompareTo(other.Day);
            order = order != 0 ? order : string.CompareOrdinal(Admin1, other.Admin1);
            order = order != 0 ? order : string.CompareOrdinal(Country, other.Country);
            return order != 0 ? order : Type.CompareTo(other.Type);
        }
    }
}
