using Google.Protobuf.Reflection;
using Grpc.Core;
using Vigia.Alerting.V1;
using Vigia.Ingestion.V1;
using Vigia.Registry.V1;
using Vigia.Statistics.V1;

namespace Vigia.Security.Tests;

/// <summary>
/// Calls any RPC of the four services by name with an empty request (zero bytes is a valid empty
/// message), whatever its streaming shape, and tells the status it ended with.
/// </summary>
public static class RawCall
{
    public static IReadOnlyList<ServiceDescriptor> Services { get; } =
    [
        IngestionService.Descriptor, RegistryService.Descriptor, StatisticsService.Descriptor, AlertingService.Descriptor,
    ];

    /// <summary>Every RPC as its gRPC path, /package.Service/Method.</summary>
    public static IEnumerable<string> AllMethods =>
        Services.SelectMany(s => s.Methods.Select(m => Path(m)));

    public static string Path(MethodDescriptor method) => $"/{method.Service.FullName}/{method.Name}";

    public static MethodDescriptor Find(string path) =>
        Services.SelectMany(s => s.Methods).Single(m => Path(m) == path);

    /// <summary>
    /// The status the call ended with. A stream that is still open at the deadline (the caller was
    /// let in and is waiting for data) ends DEADLINE_EXCEEDED.
    /// </summary>
    public static async Task<Status> StatusOfAsync(CallInvoker invoker, string path, TimeSpan deadline)
    {
        var descriptor = Find(path);
        var type = (descriptor.IsClientStreaming, descriptor.IsServerStreaming) switch
        {
            (false, false) => MethodType.Unary,
            (true, false) => MethodType.ClientStreaming,
            (false, true) => MethodType.ServerStreaming,
            (true, true) => MethodType.DuplexStreaming,
        };
        var bytes = Marshallers.Create(b => b, b => b);
        var method = new Method<byte[], byte[]>(type, descriptor.Service.FullName, descriptor.Name, bytes, bytes);
        var options = new CallOptions(deadline: DateTime.UtcNow + deadline);
        try
        {
            switch (type)
            {
                case MethodType.Unary:
                    await invoker.AsyncUnaryCall(method, null, options, []);
                    break;
                case MethodType.ServerStreaming:
                    using (var call = invoker.AsyncServerStreamingCall(method, null, options, []))
                    {
                        while (await call.ResponseStream.MoveNext(CancellationToken.None))
                        {
                        }
                    }

                    break;
                case MethodType.ClientStreaming:
                    using (var call = invoker.AsyncClientStreamingCall(method, null, options))
                    {
                        await call.RequestStream.CompleteAsync();
                        await call.ResponseAsync;
                    }

                    break;
                default:
                    using (var call = invoker.AsyncDuplexStreamingCall(method, null, options))
                    {
                        await call.RequestStream.CompleteAsync();
                        while (await call.ResponseStream.MoveNext(CancellationToken.None))
                        {
                        }
                    }

                    break;
            }

            return Status.DefaultSuccess;
        }
        catch (RpcException e)
        {
            return e.Status;
        }
    }
}
