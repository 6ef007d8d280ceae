using System.Data;
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
    /// <summary>
    /// How long a held lease is trusted without asking the server. Asked before every pass, the lease cost a round trip
    /// on every hand-over's path (866 pings in three seconds of live reports, about eleven per report, each through TLS).
    /// A connection that broke under a command is seen at once (its state); one the server or the network dropped
    /// silently is seen within this interval, during which the replica that took the lease over and this one may both
    /// publish a row: the consumers' inboxes drop the second copy, as after a crash between a publish and its mark.
    /// </summary>
    public static readonly TimeSpan ConfirmInterval = TimeSpan.FromSeconds(1);

    private readonly string _name;
    private readonly NpgsqlConnection? _template;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private NpgsqlConnection? _connection;
    private long _confirmedAt;

    private RelayLease(string name, NpgsqlConnection? template, ILogger logger, TimeProvider time)
    {
        _name = name;
        _template = template;
        _logger = logger;
        _time = time;
    }

    /// <summary>The lease named <paramref name="name"/> (e.g. "outbox:registry") in <paramref name="db"/>'s database.</summary>
    public static RelayLease For(DbContext db, string name, ILogger logger, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        if (!db.Database.IsNpgsql())
        {
            return new RelayLease(name, null, logger, time);
        }

        // Cloned, not rebuilt from the connection string: a data source's connection string no longer holds the password.
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var unpooled = new NpgsqlConnectionStringBuilder(connection.ConnectionString) { Pooling = false, ApplicationName = $"vigia lease {name}" };
        return new RelayLease(name, connection.CloneWith(unpooled.ConnectionString), logger, time);
    }

    /// <summary>
    /// Whether this process holds the lease now: a held lease is confirmed with the server (its connection alive) once
    /// <see cref="ConfirmInterval"/> has passed since the last confirmation, or at once when its connection broke; a
    /// lease not held is tried for. False means another replica holds it; try again later.
    /// </summary>
    public async Task<bool> HoldAsync(CancellationToken ct)
    {
        if (_template is null)
        {
            return true;
        }

        if (_connection is not null)
        {
            if (_connection.FullState == ConnectionState.Open && _time.GetElapsedTime(_confirmedAt) < ConfirmInterval)
            {
                return true;
            }

            try
            {
                await using var ping = new NpgsqlCommand("SELECT 1", _connection);
                await ping.ExecuteScalarAsync(ct);
                _confirmedAt = _time.GetTimestamp();
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
                _confirmedAt = _time.GetTimestamp();
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
