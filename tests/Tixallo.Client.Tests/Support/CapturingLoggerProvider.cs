using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Tixallo.Client.Tests.Support;

/// <summary>Keeps every log entry, with its structured state and the scopes open around it.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    /// <summary>Everything a structured sink could export: message, state values and scope values.</summary>
    public string AllText() => string.Join("\n", Entries.Select(e => e.AllText));

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = new List<KeyValuePair<string, object?>>();
            Collect(state, values);
            var scopes = new List<string>();
            owner._scopes.ForEachScope((scope, list) =>
            {
                list.Add(scope?.ToString() ?? string.Empty);
                Collect(scope, values);
            }, scopes);
            owner.Entries.Enqueue(new LogEntry(category, logLevel, eventId, formatter(state, exception), values, scopes, exception));
        }

        private static void Collect(object? state, List<KeyValuePair<string, object?>> values)
        {
            if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                values.AddRange(pairs);
            }
        }
    }
}

/// <summary>One captured log entry.</summary>
internal sealed record LogEntry(
    string Category,
    LogLevel Level,
    EventId EventId,
    string Message,
    IReadOnlyList<KeyValuePair<string, object?>> Values,
    IReadOnlyList<string> Scopes,
    Exception? Exception)
{
    public object? Value(string key) => Values.LastOrDefault(v => v.Key == key).Value;

    public string AllText => $"{Message} | {string.Join(", ", Values.Select(v => $"{v.Key}={Render(v.Value)}"))} | {string.Join(" / ", Scopes)} | {Exception}";

    private static string Render(object? value) =>
        value is System.Collections.IEnumerable items and not string
            ? string.Join(";", items.Cast<object?>().Select(i => i?.ToString()))
            : value?.ToString() ?? string.Empty;
}
