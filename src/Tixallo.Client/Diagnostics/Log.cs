using Microsoft.Extensions.Logging;

namespace Tixallo.Client.Diagnostics;

/// <summary>Every log line the SDK writes. None carries a header value, so the API key cannot reach a log.</summary>
internal static partial class Log
{
    private static readonly Func<ILogger, string?, int, IDisposable?> Scope =
        LoggerMessage.DefineScope<string?, int>("Tixallo call {CorrelationId} attempt {Attempt}");

    public static IDisposable? AttemptScope(ILogger logger, string? correlationId, int attempt) => Scope(logger, correlationId, attempt);

    [LoggerMessage(EventId = 1, EventName = "Retrying", Level = LogLevel.Warning,
        Message = "Retrying {Operation} after attempt {Attempt} failed with {Outcome}; waiting {DelayMs} ms (correlation id {CorrelationId})")]
    public static partial void Retrying(ILogger logger, string operation, int attempt, string outcome, long delayMs, string? correlationId);

    [LoggerMessage(EventId = 2, EventName = "CallFailed", Level = LogLevel.Debug,
        Message = "{Operation} failed after {Attempts} attempt(s) with {Outcome} (correlation id {CorrelationId})")]
    public static partial void CallFailed(ILogger logger, string operation, int attempts, string outcome, string? correlationId);

    [LoggerMessage(EventId = 3, EventName = "HoldingCalls", Level = LogLevel.Warning,
        Message = "Holding calls for {WaitMs} ms after a 429 ({Scope}) on {Operation}, which asked for {AskedMs} ms; the first request after the hold goes alone (correlation id {CorrelationId})")]
    public static partial void HoldingCalls(ILogger logger, long waitMs, TixalloRateLimitScope scope, long askedMs, string operation, string correlationId);

    [LoggerMessage(EventId = 4, EventName = "HostResilienceRemoved", Level = LogLevel.Information,
        Message = "Removed {Handlers} from the HttpClient '{HttpClientName}': host-wide HttpClient defaults (ConfigureHttpClientDefaults) added them, and the Tixallo SDK retries, times out and rate-limits its calls itself, so a second layer would multiply every attempt. A handler added on the IHttpClientBuilder that AddTixalloClient returns is kept.")]
    public static partial void HostResilienceRemoved(ILogger logger, string handlers, string httpClientName);
}
