using Polly;
using Polly.Timeout;

namespace Tixallo.Client.Resilience;

/// <summary>The attempt timeout strategy of a call: each attempt's limit, from the call's settings and its time left.</summary>
internal static class AttemptTimeouts
{
    /// <summary>The strategy's options for Polly, timed by <paramref name="timeProvider"/>.</summary>
    public static TimeoutStrategyOptions StrategyOptions(TimeProvider timeProvider) => new()
    {
        Name = "AttemptTimeout",
        TimeoutGenerator = args => new ValueTask<TimeSpan>(AttemptTimeout(args.Context, timeProvider)),
    };

    /// <summary>
    /// The attempt's timeout: the call's attempt timeout, cut to what is left of its total (Polly ignores a timeout of
    /// zero). An attempt that sends the caller's stream is bounded by what is left only: its attempt timeout is silence.
    /// </summary>
    private static TimeSpan AttemptTimeout(ResilienceContext context, TimeProvider timeProvider)
    {
        var request = CallProperties.RequestOf(context);
        var left = request.TimeLeft(timeProvider);
        // Stryker disable once Equality : when the attempt timeout equals the time left, either is the same value
        return CallDeadline.AtLeastATick(request.Body is null && request.AttemptTimeout < left ? request.AttemptTimeout : left);
    }
}
