using System.Net.Http.Headers;
using System.Text;
using Refit;

namespace Vigia.Cli.Errors;

/// <summary>The _error queues of a virtual host and the messages in them, read through the management API (nothing is taken).</summary>
internal static class ErrorQueues
{
    /// <summary>How many messages of one queue are read and shown.</summary>
    public const int ShownPerQueue = 100;

    public static async Task<IReadOnlyList<(ManagementQueue Queue, IReadOnlyList<FaultedMessage> Messages)>> ListAsync(BrokerAddresses broker, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = new UriBuilder(broker.Management) { UserName = "", Password = "" }.Uri };
        var (user, password) = broker.Credentials;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        var api = RestService.For<IRabbitMqManagementApi>(http);

        var listed = new List<(ManagementQueue, IReadOnlyList<FaultedMessage>)>();
        foreach (var queue in (await api.ListQueuesAsync(broker.VirtualHost, ct)).Where(q => q.Name.EndsWith("_error", StringComparison.Ordinal)).OrderBy(q => q.Name, StringComparer.Ordinal))
        {
            // The queue's count is a statistic the broker refreshes every few seconds, so a message that arrived just now
            // may not be counted yet: always peek, and never show fewer than were peeked.
            var messages = await api.PeekAsync(broker.VirtualHost, queue.Name, new PeekRequest(ShownPerQueue), ct);
            var counted = queue with { Messages = Math.Max(queue.Messages ?? 0, messages.Count) };
            listed.Add((counted, [.. messages.Select(FaultedMessage.From)]));
        }

        return listed;
    }
}
