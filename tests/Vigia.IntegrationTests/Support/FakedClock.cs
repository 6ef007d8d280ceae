using Vigia.Testing;

namespace Vigia.IntegrationTests.Support;

/// <summary>
/// A service process whose wall clock runs days ahead, for behaviours that wait on the calendar (a reporting delay
/// passing): libfaketime (Debian package <c>faketime</c>) preloaded into the process, with no clock setting in the
/// services. .NET reads the time through the libc calls libfaketime replaces, so <c>DateTime.UtcNow</c> and
/// <c>TimeProvider.System</c> move; the monotonic clock stays real (timers, timeouts and leases measured by it are
/// unaffected, and without that libfaketime would move it by decades).
/// </summary>
public static class FakedClock
{
    private static readonly Lazy<string?> s_library = new(FindLibrary);

    /// <summary>Skips (locally) or fails (in CI) unless libfaketime is installed.</summary>
    public static void Require()
    {
        if (s_library.Value is not null)
        {
            return;
        }

        const string reason = "libfaketime is not installed (apt-get install faketime; .ci/run installs it)";
        if (TestServers.InCi)
        {
            throw new InvalidOperationException($"CI=true and {reason}. The faked-clock tests must run in CI.");
        }

        Skip.If(true, $"SKIPPED LOUDLY: {reason}.");
    }

    /// <summary>The environment that starts a process with its wall clock <paramref name="days"/> days ahead of the machine's.</summary>
    public static IReadOnlyDictionary<string, string?> DaysAhead(int days) => new Dictionary<string, string?>
    {
        ["LD_PRELOAD"] = s_library.Value ?? throw new InvalidOperationException("libfaketime is not installed: call Require first."),
        ["FAKETIME"] = $"+{days}d",
        ["DONT_FAKE_MONOTONIC"] = "1",
    };

    /// <summary>/usr/lib/&lt;multiarch triplet&gt;/faketime/libfaketime.so.1, where Debian's libfaketime puts it.</summary>
    private static string? FindLibrary() =>
        Directory.Exists("/usr/lib")
            ? Directory.GetDirectories("/usr/lib")
                .Select(dir => Path.Combine(dir, "faketime", "libfaketime.so.1"))
                .FirstOrDefault(File.Exists)
            : null;
}
