using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Google.Protobuf;
using Grpc.Core;

namespace Vigia.Fuzz.Tests.Support;

/// <summary>What a fuzz run saw: answers by status code, rejections by field, accepted reports, and every failure of the properties.</summary>
public sealed partial class FuzzOutcomes
{
    /// <summary>Codes that must never answer a request, however bad: they mean the service broke, not the caller.</summary>
    public static readonly IReadOnlySet<StatusCode> Broken = new HashSet<StatusCode>
    {
        StatusCode.Internal, StatusCode.Unknown, StatusCode.DataLoss, StatusCode.Unimplemented, StatusCode.Unavailable,
    };

    private readonly ConcurrentDictionary<string, int> _byCode = new();
    private readonly ConcurrentDictionary<string, int> _rejectedFields = new();
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly ConcurrentQueue<string> _acceptedReports = new();
    private int _requests;

    public int Requests => _requests;
    public IReadOnlyDictionary<string, int> ByCode => _byCode;
    public IReadOnlyDictionary<string, int> RejectedFields => _rejectedFields;
    public IReadOnlyCollection<string> Failures => _failures;
    public IReadOnlyCollection<string> AcceptedReports => _acceptedReports;
    public int BrokenCount(StatusCode code) => _byCode.GetValueOrDefault(code.ToString());

    /// <summary>Counts a request; returns how many there have been.</summary>
    public int Request() => Interlocked.Increment(ref _requests);

    public void Answered(StatusCode code) => _byCode.AddOrUpdate(code.ToString(), 1, (_, n) => n + 1);

    public void Rejected(string field) => _rejectedFields.AddOrUpdate(Indexless().Replace(field, "[]"), 1, (_, n) => n + 1);

    public void Accepted(string reportId) => _acceptedReports.Enqueue(reportId);

    public void Failed(Rpc rpc, string what, IMessage request)
    {
        _failures.Enqueue($"{rpc.Name}: {what}; request {Describe(request)}");
    }

    public string Summary() =>
        $"{_requests:N0} requests; answers: {string.Join(", ", _byCode.OrderByDescending(c => c.Value).Select(c => $"{c.Key} {c.Value:N0}"))}\n"
        + $"rejections by field ({_rejectedFields.Count} fields): {string.Join(", ", _rejectedFields.OrderByDescending(f => f.Value).Select(f => $"{f.Key} {f.Value:N0}"))}\n"
        + $"accepted reports: {_acceptedReports.Count:N0}; failures: {_failures.Count}\n"
        + string.Join("\n", _failures.Take(20));

    /// <summary>The request as proto JSON, cut short; JSON cannot show some hostile values (a timestamp past year 9999).</summary>
    public static string Describe(IMessage request)
    {
        string json;
        try
        {
            json = JsonFormatter.Default.Format(request);
        }
        catch (InvalidOperationException ex)
        {
            json = $"({request.CalculateSize():N0} bytes, not showable as JSON: {ex.Message})";
        }

        return json.Length > 600 ? json[..600] + "…" : json;
    }

    [GeneratedRegex(@"\[\d+\]")]
    private static partial Regex Indexless();
}
