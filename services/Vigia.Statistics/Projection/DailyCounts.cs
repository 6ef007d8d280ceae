using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Vigia.Common.V1;
using Vigia.ServiceDefaults.Persistence;
using Vigia.Statistics.Data;

namespace Vigia.Statistics.Projection;

/// <summary>
/// Keeps <see cref="DailyCount"/> in step with the projection: every applied change adds its incident (and victims) to
/// the cell of its new version and takes them from the cell of the version it replaced, in one upsert statement per
/// batch inside the projection's transaction (the changed cells as one table-valued parameter,
/// <see cref="ModelSql.Rows"/>). Cells are written in key order, so two statistics replicas never wait on each other in
/// a cycle.
/// </summary>
public sealed class DailyCounts
{
    private readonly Dictionary<Cell, (int Incidents, long Victims)> _deltas = [];

    /// <summary>Counts the incident in its cell (a retracted one counts nowhere).</summary>
    public void Add(CountedIncident incident) => Move(incident, +1);

    /// <summary>Takes the incident out of its cell (a retracted one was in none).</summary>
    public void Remove(CountedIncident incident) => Move(incident, -1);

    public async Task SaveAsync(StatisticsDbContext db, CancellationToken ct)
    {
        var changed = _deltas.Where(d => d.Value != (0, 0L)).OrderBy(d => d.Key).ToList();
        _deltas.Clear();
        if (changed.Count == 0)
        {
            return;
        }

        var sql = new ModelSql(db);
        var table = sql.Table<DailyCount>();
        string Column(string property) => sql.Column<DailyCount>(property);
        var (admin1, day, country, type, incidents, victims) = (Column(nameof(DailyCount.Admin1)), Column(nameof(DailyCount.OccurredOn)),
            Column(nameof(DailyCount.CountryCode)), Column(nameof(DailyCount.IncidentType)), Column(nameof(DailyCount.Incidents)),
            Column(nameof(DailyCount.Victims)));

        var parameters = new List<DbParameter>();
        var cells = sql.Rows("cells", parameters,
            ("admin1", changed.Select(c => c.Key.Admin1).ToArray()),
            ("day", changed.Select(c => c.Key.Day).ToArray()),
            ("country", changed.Select(c => c.Key.Country).ToArray()),
            ("type", changed.Select(c => (int)c.Key.Type).ToArray()),
            ("incidents", changed.Select(c => c.Value.Incidents).ToArray()),
            ("victims", changed.Select(c => c.Value.Victims).ToArray()));

        // "WHERE true" tells SQLite's parser that ON CONFLICT below belongs to the INSERT, not to a join.
#pragma warning disable EF1002 // every identifier comes from the model through ModelSql; the values are parameters
        await db.Database.ExecuteSqlRawAsync($"""
            INSERT INTO {table} ({admin1}, {day}, {country}, {type}, {incidents}, {victims})
            SELECT cells.admin1, cells.day, cells.country, cells.type, cells.incidents, cells.victims FROM {cells} WHERE true
            ON CONFLICT ({admin1}, {day}, {country}, {type}) DO UPDATE SET
                {incidents} = {table}.{incidents} + excluded.{incidents},
                {victims} = {table}.{victims} + excluded.{victims}
            """, parameters, ct);
#pragma warning restore EF1002
    }

    private void Move(CountedIncident incident, int sign)
    {
        if (incident.Retracted)
        {
            return;
        }

        var cell = new Cell(incident.Admin1 ?? DailyCount.NoAdmin1, incident.OccurredOn, incident.CountryCode, incident.IncidentType);
        var (incidents, victims) = _deltas.GetValueOrDefault(cell);
        _deltas[cell] = (incidents + sign, victims + (sign * (long)incident.VictimCount));
    }

    /// <summary>A rollup row's key, in the order of the table's primary key.</summary>
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
}
