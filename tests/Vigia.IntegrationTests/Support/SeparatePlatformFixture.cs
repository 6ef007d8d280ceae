using Npgsql;
using Vigia.Testing;

namespace Vigia.IntegrationTests.Support;

/// <summary>
/// The four services as separate processes (authentication on, statistics over TLS), started once per test class on a fresh PostgreSQL
/// database and (where rabbitmqctl can make one) a fresh RabbitMQ virtual host, so no class sees
/// another's incidents, series, alerts or queued messages. Started lazily, by the first test that
/// got past <see cref="TestServers.RequireRabbitMqAndPostgres"/>, so a missing server skips the tests
/// instead of failing the fixture.
/// </summary>
public sealed class SeparatePlatformFixture : IAsyncLifetime, IDisposable
{
    private readonly SemaphoreSlim _startLock = new(1, 1);
    private PlatformProcesses? _platform;
    private Exception? _startFailure;
    private RabbitMqControl.OwnVirtualHost? _virtualHost;
    private string? _databaseConnectionString;

    /// <summary>The AMQP URI the services use (inside the fixture's virtual host when there is one).</summary>
    public string RabbitMqUri => _virtualHost?.Uri ?? TestServers.RabbitMqUri;

    /// <summary>The fixture's own database (each service keeps its schema in it), once the platform has started.</summary>
    public string PostgresConnectionString => _databaseConnectionString ?? throw new InvalidOperationException("The platform has not started yet.");

    /// <summary>The running platform; starts it on first use.</summary>
    public async Task<PlatformProcesses> StartAsync()
    {
        await _startLock.WaitAsync();
        try
        {
            if (_startFailure is not null)
            {
                // One failed start is enough: every further test of the class would wait as long again.
                throw new InvalidOperationException("The platform failed to start for an earlier test of this class.", _startFailure);
            }

            if (_platform is not null)
            {
                return _platform;
            }

            try
            {
                _virtualHost = await RabbitMqControl.OwnVirtualHostAsync("vigia-it");

                _databaseConnectionString = await TestServers.CreateDatabaseAsync("vigia_it");
                using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
                // Statistics serves over TLS with a certificate made here, so alerting's calls to it
                // (and the tests' own) cross TLS with alerting's token.
                _platform = await PlatformProcesses.StartSeparateAsync(
                    RabbitMqUri, _databaseConnectionString, settings: null, tls: (TestCertificate.Create(), ["statistics"]), timeout.Token);
                return _platform;
            }
            catch (Exception ex)
            {
                _startFailure = ex;
                throw;
            }
        }
        finally
        {
            _startLock.Release();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_platform is not null)
        {
            await _platform.DisposeAsync();
        }

        if (_virtualHost is not null)
        {
            await _virtualHost.DisposeAsync();
        }

        if (_databaseConnectionString is not null)
        {
            await TestServers.DropDatabaseAsync(_databaseConnectionString);
        }

    }

    public void Dispose() => _startLock.Dispose();
}
