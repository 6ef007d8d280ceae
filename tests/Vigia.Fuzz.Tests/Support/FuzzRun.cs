using CsCheck;
using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Vigia.Fuzz.Tests.Generators;
using Vigia.Ingestion.V1;
using Vigia.Registry.V1;

namespace Vigia.Fuzz.Tests.Support;

/// <summary>
/// Sends generated hostile requests for every RPC to a running platform and checks each answer: never a code that
/// means the service broke (<see cref="FuzzOutcomes.Broken"/>), and every INVALID_ARGUMENT (or rejected record) names
/// its fields. Then: every accepted report reaches the registry, and health is SERVING.
/// </summary>
/// <param name="progress">Told the summary so far every <see cref="ProgressEvery"/> requests: a long run stopped early still says how far it got.</param>
public sealed class FuzzRun(GrpcChannel channel, Action<string>? progress = null)
{
    public const int ProgressEvery = 5_000;

    /// <summary>Requests per run in CI; VIGIA_FUZZ_REQUESTS asks for more (the README's 100,000-request run).</summary>
    public static int RequestCount =>
        int.TryParse(Environment.GetEnvironmentVariable("VIGIA_FUZZ_REQUESTS"), out var count) && count > 0 ? count : 400;

    /// <summary>
    /// Requests in flight at once; VIGIA_FUZZ_IN_FLIGHT changes it. Several at once also send the same generated keys
    /// concurrently, which a single caller never does.
    /// </summary>
    public static int InFlight =>
        int.TryParse(Environment.GetEnvironmentVariable("VIGIA_FUZZ_IN_FLIGHT"), out var count) && count > 0 ? count : 4;

    /// <summary>A stream that takes requests for longer than this is fine: it is cut to move on.</summary>
    private static readonly TimeSpan s_streamWindow = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan s_unaryDeadline = TimeSpan.FromSeconds(60);

    private readonly CallInvoker _invoker = channel.CreateCallInvoker();

    public FuzzOutcomes Outcomes { get; } = new();

    public async Task RunAsync(int requests, string? seed = null)
    {
        var (incidentId, reportId) = await SeedIncidentAsync();
        var rpcs = RpcCatalog.All(incidentId, reportId);
        var gen = Gen.OneOf(rpcs.ToArray()).SelectMany(rpc => HostileRequests.For(rpc.Descriptor.InputType, rpc.Seed).Select(request => (rpc, request)));
        await gen.SampleAsync(async (rpc, request) => await CallAsync(rpc, request), seed: seed ?? (Environment.GetEnvironmentVariable("VIGIA_FUZZ_SEED") is { Length: > 0 } replay ? replay : null),
            iter: requests, threads: InFlight, print: sample => $"{sample.Item1.Name} {FuzzOutcomes.Describe(sample.Item2)}");
    }

    /// <summary>Waits until the registry recorded every accepted report (GetReport says RECORDED, with its incident).</summary>
    public async Task<IReadOnlyList<string>> NotRecordedAsync(TimeSpan timeout)
    {
        var client = new IngestionService.IngestionServiceClient(channel);
        var pending = Outcomes.AcceptedReports.Distinct().ToList();
        var until = DateTime.UtcNow + timeout;
        while (pending.Count > 0 && DateTime.UtcNow < until)
        {
            // Several at once: after a long run there are thousands to check, and one at a time took longer than the run.
            var still = new System.Collections.Concurrent.ConcurrentBag<string>();
            await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (id, cancellation) =>
            {
                var report = (await client.GetReportAsync(new GetReportRequest { ReportId = id }, cancellationToken: cancellation)).Report;
                if (report.Status != ReportStatus.Recorded || report.IncidentId.Length == 0)
                {
                    still.Add(id);
                }
            });

            pending = [.. still];
            if (pending.Count > 0)
            {
                await Task.Delay(250);
            }
        }

        return pending;
    }

    public async Task<HealthCheckResponse.Types.ServingStatus> HealthAsync() =>
        (await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest())).Status;

    private async Task CallAsync(Rpc rpc, IMessage request)
    {
        if (Outcomes.Request() % ProgressEvery == 0)
        {
            progress?.Invoke($"{DateTime.UtcNow:HH:mm:ss} {Outcomes.Summary()}");
        }

        FreshKeys(request);
        try
        {
            switch (rpc.Method.Type)
            {
                case MethodType.Unary:
                    Inspect(rpc, request, await _invoker.AsyncUnaryCall(rpc.Method, null, new CallOptions(deadline: DateTime.UtcNow + s_unaryDeadline), request));
                    break;
                case MethodType.ServerStreaming:
                    if (!await WatchAsync(rpc, request))
                    {
                        return;
                    }

                    break;
                default:
                    using (var call = _invoker.AsyncDuplexStreamingCall(rpc.Method, null, new CallOptions(deadline: DateTime.UtcNow + s_unaryDeadline)))
                    {
                        await call.RequestStream.WriteAsync(request);
                        await call.RequestStream.CompleteAsync();
                        while (await call.ResponseStream.MoveNext(CancellationToken.None))
                        {
                            Inspect(rpc, request, call.ResponseStream.Current);
                        }
                    }

                    break;
            }

            Outcomes.Answered(StatusCode.OK);
        }
        catch (RpcException ex)
        {
            Outcomes.Answered(ex.StatusCode);
            Inspect(rpc, request, ex);
        }
    }

    /// <summary>
    /// Follows a stream for a short while, then cancels it (a live stream never ends by itself). False when the
    /// stream ended because the test cancelled it: counted apart, as the client's own doing.
    /// </summary>
    private async Task<bool> WatchAsync(Rpc rpc, IMessage request)
    {
        using var window = new CancellationTokenSource(s_streamWindow);
        using var call = _invoker.AsyncServerStreamingCall(rpc.Method, null, new CallOptions(cancellationToken: window.Token), request);
        try
        {
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
                Inspect(rpc, request, call.ResponseStream.Current);
            }

            return true;
        }
        catch (RpcException) when (window.IsCancellationRequested)
        {
            Outcomes.Answered(StatusCode.Cancelled);
            return false;
        }
    }

    private void Inspect(Rpc rpc, IMessage request, RpcException error)
    {
        if (FuzzOutcomes.Broken.Contains(error.StatusCode))
        {
            Outcomes.Failed(rpc, $"{error.StatusCode} ({error.Status.Detail})", request);
            return;
        }

        if (error.StatusCode != StatusCode.InvalidArgument)
        {
            return;
        }

        var violations = error.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations;
        if (violations is not { Count: > 0 })
        {
            Outcomes.Failed(rpc, $"INVALID_ARGUMENT without a google.rpc.BadRequest ({error.Status.Detail})", request);
            return;
        }

        RecordFields(rpc, request, violations);
    }

    private void Inspect(Rpc rpc, IMessage request, IMessage response)
    {
        switch (response)
        {
            case SubmitReportResponse { Status: ReportStatus.Accepted } accepted:
                Outcomes.Accepted(accepted.ReportId);
                break;
            case SubmitReportsResponse batch:
                foreach (var result in batch.Results)
                {
                    if (result.Status == ReportStatus.Accepted)
                    {
                        Outcomes.Accepted(result.ReportId);
                    }
                    else if (result.Status == ReportStatus.Rejected)
                    {
                        if (result.FieldViolations.Count == 0)
                        {
                            Outcomes.Failed(rpc, $"record {result.Index} rejected without a field", request);
                        }

                        RecordFields(rpc, request, result.FieldViolations);
                    }
                }

                break;
        }
    }

    private void RecordFields(Rpc rpc, IMessage request, IEnumerable<BadRequest.Types.FieldViolation> violations)
    {
        foreach (var violation in violations)
        {
            if (string.IsNullOrWhiteSpace(violation.Field))
            {
                Outcomes.Failed(rpc, $"a violation names no field ({violation.Description})", request);
            }
            else
            {
                Outcomes.Rejected($"{rpc.Descriptor.Name}: {violation.Field}");
            }
        }
    }

    /// <summary>
    /// Reports that kept the seed's record id get one of their own, or all but the first would be duplicates. They are
    /// copied first: generated requests share the seed's messages.
    /// </summary>
    private static void FreshKeys(IMessage request)
    {
        switch (request)
        {
            case SubmitReportRequest { Report.SourceRecordId: RpcCatalog.SeedRecordId } single:
                single.Report = Fresh(single.Report);
                break;
            case SubmitReportsRequest batch:
                for (var i = 0; i < batch.Reports.Count; i++)
                {
                    if (batch.Reports[i].SourceRecordId == RpcCatalog.SeedRecordId)
                    {
                        batch.Reports[i] = Fresh(batch.Reports[i]);
                    }
                }

                break;
        }

        static Report Fresh(Report seeded)
        {
            var report = seeded.Clone();
            report.SourceRecordId = Guid.NewGuid().ToString("N");
            return report;
        }
    }

    /// <summary>A report recorded as an incident before the run, so the seeds of the incident RPCs name one that exists.</summary>
    private async Task<(string IncidentId, string ReportId)> SeedIncidentAsync()
    {
        var report = JsonParser.Default.Parse<Report>(RpcCatalog.ReportJson);
        report.SourceRecordId = $"seed-{Guid.NewGuid():N}";
        var submitted = await new IngestionService.IngestionServiceClient(channel).SubmitReportAsync(new SubmitReportRequest { Report = report });
        Outcomes.Accepted(submitted.ReportId);
        if (await NotRecordedAsync(TimeSpan.FromSeconds(60)) is { Count: > 0 })
        {
            throw new InvalidOperationException("The seed report was never recorded: the platform is not running its bus.");
        }

        var recorded = await new IngestionService.IngestionServiceClient(channel).GetReportAsync(new GetReportRequest { ReportId = submitted.ReportId });
        return (recorded.Report.IncidentId, submitted.ReportId);
    }
}
