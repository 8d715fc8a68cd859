using Polly;
using Tixallo.Client.Errors;

namespace Tixallo.Client.Resilience;

/// <summary>
/// Decides whether an attempt's outcome is retried and after what wait. Pure: the clock reading and the random draw
/// come in as arguments, so every rule is testable without waiting.
/// </summary>
/// <remarks>
/// Backoff: <c>min(MaxDelay, BaseDelay · 2^n)</c> for retry n = 0, 1, 2, …; with jitter the wait is that times
/// <c>1 − 0.2·r</c>, r uniform in [0, 1): at most 20 % shorter, never longer, so never above <c>MaxDelay</c>.
/// A wait the server asked for is never shortened; with jitter it gets up to 10 % more (at least 50 ms, at most 1 s
/// of room), so callers released by the same answer do not all arrive in the same millisecond.
/// POST: retried after 408 and 5xx only with <see cref="TixalloRetryOptions.RetryUnsafeMethods"/>; after 429 and
/// after a connection that failed before the request was sent always; after an outcome that leaves it unknown
/// whether the server applied the request (an attempt timeout, a connection lost once sent) only with
/// <see cref="TixalloRetryOptions.RetryPostAfterUnknownOutcome"/>. A TLS failure and the caller's body stream failing
/// are never retried (<see cref="AttemptFailures.Classify"/>).
/// </remarks>
internal sealed class RetryPolicy(TixalloRetryOptions options)
{
    private const double JitterFraction = 0.2;

    /// <summary>
    /// The longest wait before the next attempt, or null when the outcome is not retried. The actual wait
    /// (<see cref="Delay"/>) is never longer, so a caller that checks this against its time left may sleep it.
    /// </summary>
    /// <param name="method">The request's method.</param>
    /// <param name="outcome">The attempt's response or exception.</param>
    /// <param name="retryIndex">0 for the first retry.</param>
    /// <param name="requestedWait">The wait the answer asked for, if any (a 429's or 503's <c>Retry-After</c>, a 429's window).</param>
    public TimeSpan? PlannedDelay(HttpMethod method, Outcome<HttpResponseMessage> outcome, int retryIndex, TimeSpan? requestedWait)
    {
        if (!IsRetriable(method, outcome))
        {
            return null;
        }

        return requestedWait is { } requested
            ? (requested <= options.MaxRetryAfter ? LongestWait(requested) : null)
            : Backoff(retryIndex, random: 0);
    }

    /// <summary>The wait before the next attempt of an outcome <see cref="PlannedDelay"/> retries.</summary>
    public TimeSpan Delay(int retryIndex, TimeSpan? requestedWait, double random) =>
        requestedWait is { } requested ? requested + RequestedWaitJitter(requested, random) : Backoff(retryIndex, random);

    /// <summary>The longest a wait the server asked for can become with its jitter.</summary>
    public TimeSpan LongestWait(TimeSpan requested) => requested + (options.UseJitter ? RequestedWaitJitterRoom(requested) : TimeSpan.Zero);

    /// <summary>The positive jitter added to a wait the server asked for (none when jitter is off).</summary>
    public TimeSpan RequestedWaitJitter(TimeSpan requested, double random) =>
        options.UseJitter ? TimeSpan.FromTicks((long)Math.Round(RequestedWaitJitterRoom(requested).Ticks * random)) : TimeSpan.Zero;

    /// <summary>The backoff before retry <paramref name="retryIndex"/> (0-based), jittered by <paramref name="random"/> when enabled.</summary>
    public TimeSpan Backoff(int retryIndex, double random)
    {
        var ms = Math.Min(options.MaxDelay.TotalMilliseconds, options.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retryIndex, 62)));
        if (options.UseJitter)
        {
            ms *= 1 - (JitterFraction * random);
        }

        return TimeSpan.FromMilliseconds(ms);
    }

    private bool IsRetriable(HttpMethod method, Outcome<HttpResponseMessage> outcome)
    {
        var isPost = method == HttpMethod.Post;
        if (outcome.Result is { } response)
        {
            return (int)response.StatusCode switch
            {
                429 => true, // the server refused before doing anything: safe for every method
                408 or >= 500 and <= 599 => !isPost || options.RetryUnsafeMethods,
                _ => false,
            };
        }

        // Nothing reached the server: safe to retry even a POST. The server may have applied it: a POST could run twice.
        // A TLS failure does not heal; the caller's stream failing is the caller's to fix (and it is not read twice);
        // anything else (a user's policy refusing, a bug) is not a transient network failure.
        return AttemptFailures.Classify(outcome.Exception) switch
        {
            AttemptFailure.NeverSent => true,
            AttemptFailure.MayHaveBeenProcessed => !isPost || options.RetryPostAfterUnknownOutcome,
            _ => false,
        };
    }

    private static TimeSpan RequestedWaitJitterRoom(TimeSpan requested) =>
        TimeSpan.FromTicks(Math.Clamp(requested.Ticks / 10, TimeSpan.FromMilliseconds(50).Ticks, TimeSpan.TicksPerSecond));
}
