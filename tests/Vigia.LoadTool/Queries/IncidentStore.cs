using Npgsql;
using NpgsqlTypes;
using Vigia.Common.V1;
using Vigia.LoadTool.Workload;
using Vigia.Registry.V1;

namespace Vigia.LoadTool.Queries;

/// <summary>
/// Fills a fresh platform database with incidents as the registry and statistics store them, by binary COPY straight
/// into their tables (the services' own migrations made them): a store of a million incidents in minutes, where
/// streaming them through the platform would take hours. Each incident is one active version-1 incident of El Salvador,
/// in a municipality drawn by its department's weight, on a day of the period, with one to three victims and the one
/// police-bulletin source that created it (a page of incidents carries its sources, so an empty sources table would
/// flatter <c>ListIncidents</c>).
/// </summary>
public static class IncidentStore
{
    private static readonly IncidentType[] s_types =
        [IncidentType.Homicide, IncidentType.Attack, IncidentType.Extortion, IncidentType.Disappearance, IncidentType.ArmedConfrontation, IncidentType.Other];

    private static readonly double[] s_typeWeights = [50, 20, 15, 8, 4, 3];
    private static readonly string[] s_perpetrators = ["MS13", "Barrio 18", "unknown", "security forces"];
    private static readonly VictimCategory[] s_categories = [VictimCategory.Civilian, VictimCategory.Civilian, VictimCategory.Civilian, VictimCategory.PoliceOfficer];

    private sealed record StoredIncident(
        Guid Id, DateOnly Day, SalvadorMunicipality Place, IncidentType Type, string Perpetrator, VictimCategory Category, int Victims);

    /// <summary>Writes <paramref name="count"/> incidents over the days up to <paramref name="lastDay"/>, then VACUUM ANALYZE.</summary>
    public static async Task FillAsync(string connectionString, int count, DateOnly firstDay, DateOnly lastDay, int seed, Action<string> log, CancellationToken ct)
    {
        var incidents = Generate(count, firstDay, lastDay, seed);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        var now = DateTime.UtcNow;

        log($"  COPY registry.incidents ({count:N0} rows), their victims and sources");
        await CopyAsync(connection, """registry.incidents ("Id", "Version", "State", "OccurredOn", "DatePrecision", "CountryCode", "Admin1", "Admin1Name", "Admin2", "Admin2Name", "IncidentType", "Perpetrator", "Description", "CreatedAt", "UpdatedAt")""", incidents, (w, i) =>
        {
            w.Write(i.Id, NpgsqlDbType.Uuid);
            w.Write(1L, NpgsqlDbType.Bigint);
            w.Write((int)IncidentState.Active, NpgsqlDbType.Integer);
            WriteDayPlaceAndType(w, i);
            w.Write(i.Perpetrator, NpgsqlDbType.Varchar);
            w.Write($"{i.Type} in {i.Place.Name}", NpgsqlDbType.Text);
            w.Write(now, NpgsqlDbType.TimestampTz);
            w.Write(now, NpgsqlDbType.TimestampTz);
        }, ct);
        await CopyAsync(connection, """registry.incident_victims ("IncidentId", "Category", "Count")""", incidents, WriteVictims, ct);
        var recordNumber = 0;
        await CopyAsync(connection, """registry.incident_sources ("Id", "IncidentId", "Source", "SourceRecordId", "ReportId", "OccurredOn", "DatePrecision", "CountryCode", "Admin1", "Admin1Name", "Admin2", "Admin2Name", "IncidentType", "Victims", "Perpetrator", "Description", "AddedAt", "Revision", "LinkReason", "MergeReason")""", incidents, (w, i) =>
        {
            w.Write(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
            w.Write(i.Id, NpgsqlDbType.Uuid);
            w.Write("pnc-bulletins", NpgsqlDbType.Varchar);
            w.Write($"PNC-{++recordNumber:D8}", NpgsqlDbType.Varchar);
            w.Write(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
            WriteDayPlaceAndType(w, i);
            w.Write($$"""[{"category":{{(int)i.Category}},"count":{{i.Victims}}}]""", NpgsqlDbType.Text);
            w.Write(i.Perpetrator, NpgsqlDbType.Varchar);
            w.Write($"{i.Type} in {i.Place.Name}", NpgsqlDbType.Text);
            w.Write(now, NpgsqlDbType.TimestampTz);
            w.Write(1, NpgsqlDbType.Integer);
            w.Write((int)LinkReason.FirstReport, NpgsqlDbType.Integer);
            w.Write("", NpgsqlDbType.Varchar);
        }, ct);

        log($"  COPY statistics.incidents ({count:N0} rows) and their victims");
        await CopyAsync(connection, """statistics.incidents ("Id", "Version", "OccurredOn", "Precision", "CountryCode", "Admin1", "Admin2", "IncidentType", "Perpetrator", "PerpetratorKey", "Retracted", "UpdatedAt", "VictimCount")""", incidents, (w, i) =>
        {
            w.Write(i.Id, NpgsqlDbType.Uuid);
            w.Write(1L, NpgsqlDbType.Bigint);
            w.Write(i.Day, NpgsqlDbType.Date);
            w.Write((int)DatePrecision.Day, NpgsqlDbType.Integer);
            w.Write(SalvadorPlaces.Country, NpgsqlDbType.Varchar);
            w.Write(i.Place.DepartmentCode, NpgsqlDbType.Varchar);
            w.Write(i.Place.Code, NpgsqlDbType.Varchar);
            w.Write((int)i.Type, NpgsqlDbType.Integer);
            w.Write(i.Perpetrator, NpgsqlDbType.Varchar);
            w.Write(i.Perpetrator.ToLowerInvariant(), NpgsqlDbType.Varchar);
            w.Write(false, NpgsqlDbType.Boolean);
            w.Write(now, NpgsqlDbType.TimestampTz);
            w.Write(i.Victims, NpgsqlDbType.Integer);
        }, ct);
        await CopyAsync(connection, """statistics.incident_victims ("IncidentId", "Category", "Count")""", incidents, WriteVictims, ct);

        // The daily rollups the projection would have kept for these incidents (the statements of the DailyCounts and
        // DailyVictimCounts migrations).
        log("  statistics.daily_counts and daily_victim_counts from the incidents");
        await using (var rollup = new NpgsqlCommand("""
            INSERT INTO statistics.daily_counts ("Admin1", "OccurredOn", "CountryCode", "IncidentType", "Incidents", "Victims")
            SELECT COALESCE("Admin1", ''), "OccurredOn", "CountryCode", "IncidentType", COUNT(*), SUM("VictimCount")
            FROM statistics.incidents WHERE NOT "Retracted"
            GROUP BY COALESCE("Admin1", ''), "OccurredOn", "CountryCode", "IncidentType";
            INSERT INTO statistics.daily_victim_counts ("Category", "OccurredOn", "Admin1", "CountryCode", "IncidentType", "Incidents", "Victims")
            SELECT v."Category", i."OccurredOn", COALESCE(i."Admin1", ''), i."CountryCode", i."IncidentType", COUNT(*), SUM(v."Count")
            FROM statistics.incident_victims v JOIN statistics.incidents i ON i."Id" = v."IncidentId"
            WHERE NOT i."Retracted" AND v."Count" > 0
            GROUP BY v."Category", i."OccurredOn", COALESCE(i."Admin1", ''), i."CountryCode", i."IncidentType"
            """, connection) { CommandTimeout = 0 })
        {
            await rollup.ExecuteNonQueryAsync(ct);
        }

        // Fresh statistics for the planner, and a visibility map so index-only scans need not visit the heap.
        log("  VACUUM ANALYZE");
        foreach (var table in new[] { "registry.incidents", "registry.incident_victims", "registry.incident_sources", "statistics.incidents", "statistics.incident_victims", "statistics.daily_counts", "statistics.daily_victim_counts" })
        {
            await using var vacuum = new NpgsqlCommand($"VACUUM ANALYZE {table}", connection) { CommandTimeout = 0 };
            await vacuum.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>The registry's incident and source rows share these columns, in this order: day, precision, place, type.</summary>
    private static void WriteDayPlaceAndType(NpgsqlBinaryImporter writer, StoredIncident incident)
    {
        writer.Write(incident.Day, NpgsqlDbType.Date);
        writer.Write((int)DatePrecision.Day, NpgsqlDbType.Integer);
        writer.Write(SalvadorPlaces.Country, NpgsqlDbType.Varchar);
        writer.Write(incident.Place.DepartmentCode, NpgsqlDbType.Varchar);
        writer.Write(SalvadorPlaces.DepartmentName(incident.Place.DepartmentCode), NpgsqlDbType.Varchar);
        writer.Write(incident.Place.Code, NpgsqlDbType.Varchar);
        writer.Write(incident.Place.Name, NpgsqlDbType.Varchar);
        writer.Write((int)incident.Type, NpgsqlDbType.Integer);
    }

    private static void WriteVictims(NpgsqlBinaryImporter writer, StoredIncident incident)
    {
        writer.Write(incident.Id, NpgsqlDbType.Uuid);
        writer.Write((int)incident.Category, NpgsqlDbType.Integer);
        writer.Write(incident.Victims, NpgsqlDbType.Integer);
    }

    private static async Task CopyAsync(
        NpgsqlConnection connection, string target, IReadOnlyList<StoredIncident> incidents, Action<NpgsqlBinaryImporter, StoredIncident> write, CancellationToken ct)
    {
        await using var writer = await connection.BeginBinaryImportAsync($"COPY {target} FROM STDIN (FORMAT BINARY)", ct);
        writer.Timeout = TimeSpan.FromHours(1);
        foreach (var incident in incidents)
        {
            await writer.StartRowAsync(ct);
            write(writer, incident);
        }

        await writer.CompleteAsync(ct);
    }

    private static List<StoredIncident> Generate(int count, DateOnly firstDay, DateOnly lastDay, int seed)
    {
        var random = new Random(seed);
        var places = SalvadorPlaces.Municipalities;
        var placeWeights = places.Select(p => SalvadorPlaces.DepartmentWeight(p.DepartmentCode)).ToArray();
        var days = lastDay.DayNumber - firstDay.DayNumber + 1;
        var incidents = new List<StoredIncident>(count);
        for (var i = 0; i < count; i++)
        {
            incidents.Add(new StoredIncident(
                Guid.CreateVersion7(),
                firstDay.AddDays(random.Next(days)),
                places[Pick(random, placeWeights)],
                s_types[Pick(random, s_typeWeights)],
                s_perpetrators[random.Next(s_perpetrators.Length)],
                s_categories[random.Next(s_categories.Length)],
                1 + random.Next(3)));
        }

        return incidents;
    }

    private static int Pick(Random random, double[] weights)
    {
        var target = random.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Length; i++)
        {
            target -= weights[i];
            if (target < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }
}
