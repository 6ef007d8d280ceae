using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Vigia.ServiceDefaults.Delivery;

/// <summary>
/// Lets one relay of a kind publish at a time across replicas, so no row goes out twice from two of them. On PostgreSQL
/// it is a session advisory lock named after the relay and its schema, held on a connection of its own (not pooled: a
/// pooled connection would keep the lock after it is returned): the server releases it when that connection ends, so
/// a replica that dies or loses the database hands the lease to the next one. On SQLite there is one process, which
/// always holds it. Any relay that must publish alone can use one (<see cref="For"/>).
/// </summary>
public sealed class RelayLease : IAsyncDisposable
{
    private readonly string _name;
    private readonly NpgsqlConnection? _template;
    private readonly ILogger _logger;
    private NpgsqlConnection? _connection;

    private RelayLease(string name, NpgsqlConnection? template, ILogger logger)
    {
        _name = name;
        _template = template;
        _logger = logger;
    }

    /// <summary>The lease named <paramref name="name"/> (e.g. "outbox:registry") in <paramref name="db"/>'s database.</summary>
    public static RelayLease For(DbContext db, string name, ILogger logger)
    {
        if (!db.Database.IsNpgsql())
        {
            return new RelayLease(name, null, logger);
        }

        // Cloned, not rebuilt from the connection string: a data source's connection string no longer holds the password.
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var unpooled = new NpgsqlConnectionStringBuilder(connection.ConnectionString) { Pooling = false, ApplicationName = $"vigia lease {name}" };
        return new RelayLease(name, connection.CloneWith(unpooled.ConnectionString), logger);
    }

    /// <summary>
    /// Whether this process holds the lease now: confirms a held lease is still there (its connection alive), or tries
    /// to take it. False means another replica holds it; try again later.
    /// </summary>
    public async Task<bool> HoldAsync(CancellationToken ct)
    {
        if (_template is null)
        {
            return true;
        }

        if (_connection is not null)
        {
            try
            {
                await using var ping = new NpgsqlCommand("SELECT 1", _connection);
                await ping.ExecuteScalarAsync(ct);
                return true;
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
            {
                // The connection ended, and the lock with it: another replica may hold it by now.
                _logger.LogWarning(ex, "Lost the {Lease} lease with its connection", _name);
                await ReleaseAsync();
            }
        }

        var connection = _template.CloneWith(_template.ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            await using var take = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtextextended(@name, 0))", connection);
            take.Parameters.AddWithValue("name", $"vigia:{_name}");
            if (await take.ExecuteScalarAsync(ct) is true)
            {
                _connection = connection;
                _logger.LogInformation("This replica holds the {Lease} lease", _name);
                return true;
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return false;
    }

    public async ValueTask DisposeAsync()
    {
        await ReleaseAsync();
        if (_template is not null)
        {
            await _template.DisposeAsync();
        }
    }

    private async ValueTask ReleaseAsync()
    {
        if (_connection is { } connection)
        {
            _connection = null;
            await connection.DisposeAsync();
        }
    }
}
