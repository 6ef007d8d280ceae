using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Vigia.ServiceDefaults.Delivery;

/// <summary>
/// A relay's publishing passes: one at a time in this process (the relay's loop and a caller's hand-over must not
/// send a row twice), and only while this replica holds the relay's <see cref="RelayLease"/>.
/// </summary>
public sealed class RelayPasses(string leaseName, ILogger logger) : IDisposable
{
    private readonly SemaphoreSlim _pass = new(1, 1);
    private RelayLease? _lease;

    /// <summary>Runs <paramref name="pass"/> when this replica holds the lease; another replica publishes otherwise (nothing here).</summary>
    public async Task<IReadOnlyList<T>> RunAsync<T>(DbContext db, Func<CancellationToken, Task<IReadOnlyList<T>>> pass, CancellationToken ct)
    {
        await _pass.WaitAsync(ct);
        try
        {
            _lease ??= RelayLease.For(db, leaseName, logger);
            return await _lease.HoldAsync(ct) ? await pass(ct) : [];
        }
        finally
        {
            _pass.Release();
        }
    }

    /// <summary>Gives up the lease once the pass under way ends (at stop), so another replica takes over at once.</summary>
    public async Task ReleaseAsync(CancellationToken ct)
    {
        await _pass.WaitAsync(ct);
        try
        {
            if (_lease is { } lease)
            {
                _lease = null;
                await lease.DisposeAsync();
            }
        }
        finally
        {
            _pass.Release();
        }
    }

    public void Dispose() => _pass.Dispose();
}
