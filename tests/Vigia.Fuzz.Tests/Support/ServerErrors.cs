using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Vigia.Fuzz.Tests.Support;

/// <summary>
/// The exceptions the services logged as errors during a run, with their stacks: an INTERNAL answer carries only a
/// message, so without these a failure seen in a CI log could not be traced to the line that threw.
/// </summary>
public sealed class ServerErrors : ILoggerProvider
{
    private const int ShownWithStack = 5;

    private readonly ConcurrentDictionary<string, Logged> _distinct = new();

    public int Count => _distinct.Values.Sum(l => l.Count);

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    public string Summary() => _distinct.IsEmpty
        ? "server errors logged: none"
        : $"server errors logged: {Count:N0} ({_distinct.Count} distinct), the most frequent with their stacks:\n"
            + string.Join("\n", _distinct.Values.OrderByDescending(l => l.Count).Take(ShownWithStack)
                .Select(l => $"[{l.Count:N0}x] {l.Category}: {l.Message}\n{l.Exception}"));

    public void Dispose()
    {
    }

    private void Record(string category, string message, Exception exception)
    {
        // The same fault thrown again from the same place counts once, however many requests hit it.
        var key = $"{category}|{exception.GetType().FullName}|{exception.Message}|{exception.StackTrace?.Split('\n').FirstOrDefault()}";
        _distinct.AddOrUpdate(key, _ => new Logged(category, message, exception), (_, logged) => logged with { Count = logged.Count + 1 });
    }

    private sealed record Logged(string Category, string Message, Exception Exception)
    {
        public int Count { get; init; } = 1;
    }

    private sealed class Recorder(ServerErrors errors, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel) && exception is not null)
            {
                errors.Record(category, formatter(state, exception), exception);
            }
        }
    }
}
