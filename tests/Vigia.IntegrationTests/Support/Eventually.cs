using Grpc.Core;

namespace Vigia.IntegrationTests.Support;

/// <summary>
/// Polls for a result the pipeline reaches eventually (a report crosses three services and a broker
/// before it is counted), failing with what was last seen and the services' output when it does not.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan s_interval = TimeSpan.FromMilliseconds(250);

    /// <param name="what">What is awaited, for the failure message: "the incident to be listed".</param>
    /// <param name="probe">Reads the current state; an RpcException counts as "not yet" (a service may be restarting).</param>
    /// <param name="isDone">Whether the state is the awaited one.</param>
    /// <param name="describe">The state in words, for the failure message.</param>
    /// <param name="diagnostics">More context on failure, e.g. the services' output tails.</param>
    public static async Task<T> ReachedAsync<T>(
        string what,
        Func<Task<T>> probe,
        Func<T, bool> isDone,
        TimeSpan timeout,
        Func<T, string> describe,
        Func<string> diagnostics)
    {
        var deadline = DateTime.UtcNow + timeout;
        var lastState = "nothing read yet";
        while (true)
        {
            try
            {
                var value = await probe();
                if (isDone(value))
                {
                    return value;
                }

                lastState = describe(value);
            }
            catch (RpcException ex)
            {
                lastState = $"{ex.StatusCode}: {ex.Status.Detail}";
            }

            if (DateTime.UtcNow >= deadline)
            {
                Assert.Fail($"Timed out after {timeout.TotalSeconds:0} s waiting for {what}. Last seen: {lastState}.\n{diagnostics()}");
            }

            await Task.Delay(s_interval);
        }
    }
}
