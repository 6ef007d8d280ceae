using Grpc.Core;
using Grpc.Core.Interceptors;
using Vigia.ServiceDefaults.Auth;

namespace Vigia.ServiceDefaults.Limits;

/// <summary>
/// Ends a stream of the RPC table (never health or reflection) that outlives <see cref="StreamLimits.Lifetime"/> or,
/// where the caller is the one who sends, carries no message either way for <see cref="StreamLimits.IdleTimeout"/>,
/// with DEADLINE_EXCEEDED and a message naming the limit and its setting. A subscription (WatchIncidents,
/// SubscribeAlerts) that is quiet is waiting for news, not forgotten: only its lifetime applies. The service sees its call cancelled; the caller opens a new stream
/// (WatchIncidents and SubscribeAlerts resume where they left off).
/// </summary>
public sealed class StreamLimitsInterceptor(StreamLimits limits, TimeProvider time) : Interceptor
{
    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context,
        ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (!RpcScopes.ByMethod.ContainsKey(context.Method))
        {
            return await continuation(requestStream, context);
        }

        using var watch = new StreamWatch(limits, time, watchIdle: true, context.CancellationToken);
        try
        {
            var response = await continuation(new WatchedReader<TRequest>(requestStream, watch), watch.Context(context));
            watch.ThrowIfEnded();
            return response;
        }
        catch (Exception) when (watch.Ended() is { } ended)
        {
            throw ended;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (!RpcScopes.ByMethod.ContainsKey(context.Method))
        {
            await continuation(request, responseStream, context);
            return;
        }

        using var watch = new StreamWatch(limits, time, watchIdle: false, context.CancellationToken);
        try
        {
            await continuation(request, new WatchedWriter<TResponse>(responseStream, watch), watch.Context(context));
            watch.ThrowIfEnded();
        }
        catch (Exception) when (watch.Ended() is { } ended)
        {
            throw ended;
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (!RpcScopes.ByMethod.ContainsKey(context.Method))
        {
            await continuation(requestStream, responseStream, context);
            return;
        }

        using var watch = new StreamWatch(limits, time, watchIdle: true, context.CancellationToken);
        try
        {
            await continuation(
                new WatchedReader<TRequest>(requestStream, watch), new WatchedWriter<TResponse>(responseStream, watch), watch.Context(context));
            watch.ThrowIfEnded();
        }
        catch (Exception) when (watch.Ended() is { } ended)
        {
            throw ended;
        }
    }

    /// <summary>One stream's two clocks: its lifetime, and (when watched) its idle time, restarted by every message either way.</summary>
    private sealed class StreamWatch : IDisposable
    {
        private readonly StreamLimits _limits;
        private readonly CancellationToken _call;
        private readonly CancellationTokenSource _lifetime;
        private readonly CancellationTokenSource _idle;
        private readonly CancellationTokenSource _either;
        private readonly bool _watchIdle;

        public StreamWatch(StreamLimits limits, TimeProvider time, bool watchIdle, CancellationToken call)
        {
            _limits = limits;
            _call = call;
            _watchIdle = watchIdle;
            _lifetime = new CancellationTokenSource(limits.Lifetime, time);
            _idle = watchIdle ? new CancellationTokenSource(limits.IdleTimeout, time) : new CancellationTokenSource();
            _either = CancellationTokenSource.CreateLinkedTokenSource(call, _lifetime.Token, _idle.Token);
        }

        public CancellationToken Token => _either.Token;

        public LimitedServerCallContext Context(ServerCallContext call) => new(call, Token);

        public void Touch()
        {
            if (_watchIdle && !_idle.IsCancellationRequested)
            {
                _idle.CancelAfter(_limits.IdleTimeout);
            }
        }

        /// <summary>The status the call ends with when a limit, not the caller, ended it; null otherwise.</summary>
        public RpcException? Ended()
        {
            if (_call.IsCancellationRequested)
            {
                return null;
            }

            if (_lifetime.IsCancellationRequested)
            {
                return new RpcException(new Status(StatusCode.DeadlineExceeded,
                    $"This stream reached its longest lifetime, {_limits.Lifetime} ({StreamLimits.LifetimeKey}); open a new one."));
            }

            return _idle.IsCancellationRequested
                ? new RpcException(new Status(StatusCode.DeadlineExceeded,
                    $"This stream carried no message for {_limits.IdleTimeout} ({StreamLimits.IdleTimeoutKey}); open a new one."))
                : null;
        }

        public void ThrowIfEnded()
        {
            if (Ended() is { } ended)
            {
                throw ended;
            }
        }

        public void Dispose()
        {
            _either.Dispose();
            _idle.Dispose();
            _lifetime.Dispose();
        }
    }

    private sealed class WatchedReader<T>(IAsyncStreamReader<T> requests, StreamWatch watch) : IAsyncStreamReader<T>
    {
        public T Current => requests.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, watch.Token);
            var moved = await requests.MoveNext(either.Token);
            watch.Touch();
            return moved;
        }
    }

    private sealed class WatchedWriter<T>(IServerStreamWriter<T> responses, StreamWatch watch) : IServerStreamWriter<T>
    {
        public WriteOptions? WriteOptions
        {
            get => responses.WriteOptions;
            set => responses.WriteOptions = value;
        }

        public async Task WriteAsync(T message)
        {
            await responses.WriteAsync(message);
            watch.Touch();
        }

        public async Task WriteAsync(T message, CancellationToken cancellationToken)
        {
            await responses.WriteAsync(message, cancellationToken);
            watch.Touch();
        }
    }
}
