using Grpc.Core;
using Vigia.Registry.Incidents;
using Vigia.Registry.V1;
using Vigia.ServiceDefaults.Auth;
using Vigia.ServiceDefaults.Grpc;

namespace Vigia.Registry.Grpc;

/// <summary>vigia.registry.v1.RegistryService: translates requests and delegates; the interceptor maps errors to statuses.</summary>
public sealed class RegistryGrpcService(
    IncidentQueries queries, IncidentAmendments amendments, IncidentSplits splits, IncidentChangeFeed feed, TimeProvider time)
    : RegistryService.RegistryServiceBase
{
    public override async Task<GetIncidentResponse> GetIncident(GetIncidentRequest request, ServerCallContext context)
    {
        var id = IncidentRequests.ToIncidentId(request.IncidentId, "incident_id");
        var incident = await queries.GetAsync(id, context.CancellationToken);
        return new GetIncidentResponse { Incident = incident.ToProto() };
    }

    public override async Task<ListIncidentsResponse> ListIncidents(ListIncidentsRequest request, ServerCallContext context)
    {
        var page = await queries.ListAsync(request.ToQuery(time.GetUtcNow()), context.CancellationToken);
        var response = new ListIncidentsResponse { NextPageToken = page.Next.ToPageToken() };
        response.Incidents.AddRange(page.Incidents.Select(i => i.ToProto()));
        return response;
    }

    public override async Task<AmendIncidentResponse> AmendIncident(AmendIncidentRequest request, ServerCallContext context)
    {
        var (id, fields, values, reason) = request.ToAmendment(DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        var incident = await amendments.AmendAsync(
            id, fields, values, request.ExpectedVersion, reason, CallerIdentity.Of(context), context.CancellationToken);
        return new AmendIncidentResponse { Incident = incident.ToProto() };
    }

    public override async Task<RetractIncidentResponse> RetractIncident(RetractIncidentRequest request, ServerCallContext context)
    {
        var (id, expectedVersion, reason) = request.ToRetraction();
        var incident = await amendments.RetractAsync(id, expectedVersion, reason, CallerIdentity.Of(context), context.CancellationToken);
        return new RetractIncidentResponse { Incident = incident.ToProto() };
    }

    public override async Task<SplitIncidentResponse> SplitIncident(SplitIncidentRequest request, ServerCallContext context)
    {
        var (id, reportIds, expectedVersion, reason) = request.ToSplit();
        var (kept, split) = await splits.SplitAsync(id, reportIds, expectedVersion, reason, CallerIdentity.Of(context), context.CancellationToken);
        return new SplitIncidentResponse { Incident = kept.ToProto(), SplitIncident = split.ToProto() };
    }

    public override async Task<GetIncidentHistoryResponse> GetIncidentHistory(GetIncidentHistoryRequest request, ServerCallContext context)
    {
        var id = IncidentRequests.ToIncidentId(request.IncidentId, "incident_id");
        var versions = await queries.HistoryAsync(id, context.CancellationToken);
        var response = new GetIncidentHistoryResponse();
        response.Versions.AddRange(versions.Select(v => v.ToProto()));
        return response;
    }

    public override async Task WatchIncidents(
        WatchIncidentsRequest request, IServerStreamWriter<WatchIncidentsResponse> responseStream, ServerCallContext context)
    {
        var (fromSequence, selection) = request.ToWatch();
        try
        {
            await foreach (var change in feed.WatchAsync(fromSequence, selection, context.CancellationToken))
            {
                await responseStream.WriteAsync(new WatchIncidentsResponse { Change = change.ToProto() }, context.CancellationToken);
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The client stopped watching: the normal end of this stream.
        }
    }
}
