using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using Tixallo.Client.Diagnostics;
using Tixallo.Client.Errors;
using Tixallo.Client.Http;

namespace Tixallo.Client.Resilience;

/// <summary>
/// The retry strategy of a call: whether an outcome is retried (<see cref="RetryPolicy"/>, the call's retries and time
/// left, the client's hold), after what wait, and the report of each retry (a log line, a metric, an activity event).
/// </summary>
/// <param name="options">The client's retry options.</param>
/// <param name="gate">The client's rate-limit gate: a hold is part of the wait before a retry.</param>
/// <param name="timeProvider">The client's clock.</param>
/// <param name="logger">The SDK's logger.</param>
/// <param name="random">Draws in [0, 1) for the jitter; tests pass a fixed one.</param>
internal sealed class CallRetry(TixalloRetryOptions options, RateLimitGate gate, TimeProvider timeProvider, ILogger logger, Func<double> random)
{
    private readonly RetryPolicy _retryPolicy = new(options);

    /// <summary>The strategy's options for Polly.</summary>
    public RetryStrategyOptions<HttpResponseMessage> StrategyOptions => new()
    {
        Name = "Retry",
        // The call's own limit (TixalloRequest.MaxRetries) is applied by ShouldRetry; this is the ceiling.
        MaxRetryAttempts = TixalloRetryOptions.MaxRetriesLimit,
        ShouldHandle = args => new ValueTask<bool>(ShouldRetry(CallProperties.RequestOf(args.Context), args.Outcome, args.AttemptNumber, args.Context.CancellationToken)),
        DelayGenerator = args => new ValueTask<TimeSpan?>(RetryDelay(args)),
        OnRetry = OnRetryAsync,
    };

    /// <summary>The positive jitter on a wait the server asked for (or a hold), drawn anew each time.</summary>
    public TimeSpan Jitter(TimeSpan wait) => _retryPolicy.RequestedWaitJitter(wait, random());

    /// <summary>
    /// Whether the outcome of attempt <paramref name="attemptNumber"/> (0 for the first) is retried: its kind, the
    /// call's retries left, and whether the wait fits in the call's time left. Polly asks it after every attempt; the
    /// resilience handler asks it after the first, before it hands the call to the pipeline.
    /// </summary>
    public bool ShouldRetry(TixalloRequest request, Outcome<HttpResponseMessage> outcome, int attemptNumber, CancellationToken cancellationToken)
    {
        if (outcome.Result is { IsSuccessStatusCode: true })
        {
            return false; // the common case, decided before any clock is read
        }

        if (attemptNumber >= request.MaxRetries || !request.CanRetry || cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        // A wait that outlasts the call's time would only end in a timeout: fail now with the real cause. A hold the
        // client is under (another call's 429, never longer than MaxRetryAfter) is part of the wait.
        var (hold, _) = gate.HoldLeft(request.Budget);
        return _retryPolicy.PlannedDelay(request.Method, outcome, attemptNumber, request.RequestedWait) is { } planned
            && Max(planned, _retryPolicy.LongestWait(hold)) <= request.TimeLeft(timeProvider);
    }

    /// <summary>How long to wait before the retry ShouldRetry allowed; what is left of a hold then is waited out by the gate.</summary>
    private TimeSpan? RetryDelay(RetryDelayGeneratorArguments<HttpResponseMessage> args)
    {
        var request = CallProperties.RequestOf(args.Context);
        return _retryPolicy.Delay(args.AttemptNumber, request.RequestedWait, random());
    }

    // Stryker disable once Equality : at a tie, either is the maximum
    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>Reports a retry: a log line, a metric, and an event on the call's activity with the attempt, the wait and the reason.</summary>
    private ValueTask OnRetryAsync(OnRetryArguments<HttpResponseMessage> args)
    {
        var request = CallProperties.RequestOf(args.Context);
        TixalloTelemetry.RecordRetry(request.Operation);
        var activity = Activity.Current;
        if (activity is null && !logger.IsEnabled(LogLevel.Warning))
        {
            return default;
        }

        var reason = RetryReason(args.Outcome);
        if (logger.IsEnabled(LogLevel.Warning))
        {
            Log.Retrying(logger, request.Operation, request.Attempts, reason, (long)Math.Round(args.RetryDelay.TotalMilliseconds), request.CorrelationId);
        }

        if (activity is not null)
        {
            var tags = new ActivityTagsCollection
            {
                [TixalloTelemetry.AttemptTag] = request.Attempts,
                [TixalloTelemetry.RetryDelayTag] = args.RetryDelay.TotalSeconds,
                [TixalloTelemetry.RetryReasonTag] = reason,
            };
            if (args.Outcome.Result is { } response)
            {
                tags["http.response.status_code"] = (int)response.StatusCode;
            }

            activity.AddEvent(new ActivityEvent(TixalloTelemetry.RetryEvent, tags: tags));
        }

        return default;
    }

    /// <summary>
    /// Why an attempt is retried: its status (<c>503</c>), else what became of it: <c>attempt_timeout</c>,
    /// <c>connection_failed</c> before a byte was sent, or <c>connection_lost</c> after (the only failures retried).
    /// </summary>
    private static string RetryReason(Outcome<HttpResponseMessage> outcome) =>
        outcome.Result is { } response ? ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)
        : outcome.Exception is TimeoutRejectedException ? "attempt_timeout"
        : AttemptFailures.Classify(outcome.Exception) == AttemptFailure.NeverSent ? "connection_failed"
        : "connection_lost";
}
