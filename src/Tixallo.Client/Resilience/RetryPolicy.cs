using System.Net;
using Polly;
using Polly.Timeout;

namespace Tixallo.Client.Resilience;

/// <summary>
/// Decides whether an attempt's outcome is retried and after what wait. Pure: the clock reading, the time
/// left and the random draw come in as arguments, so every rule is testable without waiting.
/// </summary>
/// <remarks>
/// Backoff: <c>min(MaxDelay, BaseDelay · 2^n)</c> for retry n = 0, 1, 2, …; with jitter the wait is that times
/// <c>1 − 0.2·r</c>, r uniform in [0, 1): at most 20 % shorter, never longer, so never above <c>MaxDelay</c>.
/// </remarks>
internal sealed class RetryPolicy(TixalloRetryOptions options)
{
    private const double JitterFraction = 0.2;

    /// <summary>The wait before the next attempt, or null when the outcome is not retried.</summary>
    /// <param name="method">The request's method.</param>
    /// <param name="outcome">The attempt's response or exception.</param>
    /// <param name="retryIndex">0 for the first retry.</param>
    /// <param name="now">The current time, for an HTTP-date <c>Retry-After</c>.</param>
    /// <param name="timeLeft">What is left of the call's total timeout.</param>
    /// <param name="random">A draw in [0, 1) for the jitter.</param>
    public TimeSpan? NextDelay(HttpMethod method, Outcome<HttpResponseMessage> outcome, int retryIndex, DateTimeOffset now, TimeSpan timeLeft, double random)
    {
        if (!IsRetriable(method, outcome))
        {
            return null;
        }

        var delay = RequestedWait(outcome, now) is { } requested
            ? (requested <= options.MaxRetryAfter ? requested : (TimeSpan?)null)
            : Backoff(retryIndex, random);

        // A wait that outlasts the call's time would only end in a timeout: fail now with the real cause.
        return delay <= timeLeft ? delay : null;
    }

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
        var unsafeAllowed = options.RetryUnsafeMethods || method != HttpMethod.Post;
        if (outcome.Result is { } response)
        {
            return (int)response.StatusCode switch
            {
                429 => true, // the server refused before doing anything: safe for every method
                408 or >= 500 and <= 599 => unsafeAllowed,
                _ => false,
            };
        }

        return outcome.Exception switch
        {
            // Nothing reached the server: safe to retry even a POST.
            HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } => true,
            HttpRequestException or IOException or TimeoutRejectedException => unsafeAllowed,
            _ => false,
        };
    }

    /// <summary>The wait a 429, or a 503 that carries one, asks for; null when it asks for none that can be read.</summary>
    private static TimeSpan? RequestedWait(Outcome<HttpResponseMessage> outcome, DateTimeOffset now) =>
        outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable } response
            ? RetryAfterHeader.Read(response.Headers, now)
            : null;
}
