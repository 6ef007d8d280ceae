using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using Vigia.Ingestion.V1;
using Vigia.LoadTool.Workload;

namespace Vigia.LoadTool.Limits;

/// <summary>
/// How fast PostgreSQL takes the same records by binary COPY into a plain (logged, unindexed) table of
/// their fields: the ceiling for durably storing them, whatever the platform does around it.
/// </summary>
public static class PostgresCopyLimit
{
    private const string Columns =
        "report_id, source, source_record_id, url, published_at, occurred_on, date_precision, country_code, admin1, admin2, " +
        "incident_type, victim_categories, victim_counts, perpetrator, description, language, received_at";

    public static async Task<LimitMeasurement> MeasureAsync(ReportWorkload workload, string connectionString, CancellationToken cancellationToken)
    {
        const string Path = "PostgreSQL binary COPY";
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        NpgsqlConnection connection;
        try
        {
            connection = await dataSource.OpenConnectionAsync(cancellationToken);
        }
        catch (NpgsqlException ex)
        {
            return LimitMeasurement.NotMeasured(Path, $"PostgreSQL not reachable: {ex.Message}");
        }

        await using (connection)
        {
            var table = $"loadtool_copy_{Guid.NewGuid():N}";
            await ExecuteAsync(connection, $"""
                CREATE TABLE {table} (
                    report_id uuid NOT NULL, source text NOT NULL, source_record_id text NOT NULL, url text,
                    published_at timestamptz, occurred_on date NOT NULL, date_precision smallint NOT NULL,
                    country_code text NOT NULL, admin1 text, admin2 text, incident_type smallint NOT NULL,
                    victim_categories smallint[] NOT NULL, victim_counts integer[] NOT NULL, perpetrator text,
                    description text, language text, received_at timestamptz NOT NULL)
                """, cancellationToken);
            try
            {
                // One warm-up pass so the first one does not pay for the JIT, then the timed one.
                Copy(connection, table, workload.Reports.Take(Math.Max(1, workload.Reports.Count / 10)));
                await ExecuteAsync(connection, $"TRUNCATE {table}", cancellationToken);
                var started = Stopwatch.GetTimestamp();
                var rows = Copy(connection, table, workload.Reports);
                return new LimitMeasurement($"{Path} (one row per record)", (int)rows, Stopwatch.GetElapsedTime(started));
            }
            finally
            {
                await ExecuteAsync(connection, $"DROP TABLE {table}", CancellationToken.None);
            }
        }
    }

    /// <summary>Synchronous on purpose: the fastest way Npgsql writes a COPY stream.</summary>
    private static ulong Copy(NpgsqlConnection connection, string table, IEnumerable<Report> reports)
    {
        using var writer = connection.BeginBinaryImport($"COPY {table} ({Columns}) FROM STDIN (FORMAT BINARY)");
        var receivedAt = DateTime.UtcNow;
        foreach (var report in reports)
        {
            writer.StartRow();
            writer.Write(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
            writer.Write(report.Source, NpgsqlDbType.Text);
            writer.Write(report.SourceRecordId, NpgsqlDbType.Text);
            writer.Write(report.Url, NpgsqlDbType.Text);
            writer.Write(report.PublishedAt.ToDateTime(), NpgsqlDbType.TimestampTz);
            writer.Write(new DateOnly(report.OccurredOn.Year, report.OccurredOn.Month, report.OccurredOn.Day), NpgsqlDbType.Date);
            writer.Write((short)report.DatePrecision, NpgsqlDbType.Smallint);
            writer.Write(report.Place.CountryCode, NpgsqlDbType.Text);
            writer.Write(report.Place.Admin1, NpgsqlDbType.Text);
            writer.Write(report.Place.Admin2, NpgsqlDbType.Text);
            writer.Write((short)report.IncidentType, NpgsqlDbType.Smallint);
            writer.Write(report.Victims.Select(v => (short)v.Category).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Smallint);
            writer.Write(report.Victims.Select(v => v.Count).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Integer);
            writer.Write(report.Perpetrator, NpgsqlDbType.Text);
            writer.Write(report.Description, NpgsqlDbType.Text);
            writer.Write(report.Language, NpgsqlDbType.Text);
            writer.Write(receivedAt, NpgsqlDbType.TimestampTz);
        }

        return writer.Complete();
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
