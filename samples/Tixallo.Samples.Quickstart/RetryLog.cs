using Microsoft.Extensions.Logging;

namespace Tixallo.Samples.Quickstart;

/// <summary>Shows the SDK's retry log lines in the tour and counts them.</summary>
internal sealed class RetryLog(Narrator narrator) : ILoggerProvider
{
    private readonly Narrator _narrator = narrator;

    public int Retries { get; set; }

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(RetryLog owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Name == "Retrying")
            {
                owner.Retries++;
                owner._narrator.Detail("~ " + formatter(state, exception));
            }
        }
    }
}
