using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Tixallo.Client.Diagnostics;

/// <summary>
/// The SDK's <see cref="ActivitySource"/> and <see cref="Meter"/>, both named <c>Tixallo.Client</c>. Instruments
/// are checked for listeners before anything is recorded, so telemetry costs nothing when nobody listens.
/// </summary>
internal static class TixalloTelemetry
{
    public const string Name = "Tixallo.Client";

    /// <summary>The event on a call's activity for each retry; its tags are the three below (and the status, when there was one).</summary>
    public const string RetryEvent = "tixallo.retry";

    /// <summary>The number of the attempt that failed and is retried (1 for the first).</summary>
    public const string AttemptTag = "tixallo.attempt";

    /// <summary>The wait before the retry, in seconds.</summary>
    public const string RetryDelayTag = "tixallo.retry.delay";

    /// <summary>Why the attempt is retried: the status, or what became of the attempt.</summary>
    public const string RetryReasonTag = "tixallo.retry.reason";

    public static readonly ActivitySource ActivitySource = new(Name, Http.UserAgent.SdkVersion);

    private static readonly Meter Meter = new(Name, Http.UserAgent.SdkVersion);

    private static readonly Counter<long> Requests =
        Meter.CreateCounter<long>("tixallo.client.requests", "{call}", "Logical calls made, by operation and outcome.");

    private static readonly Counter<long> Retries =
        Meter.CreateCounter<long>("tixallo.client.retries", "{retry}", "Retries made, by operation.");

    private static readonly Histogram<double> Duration =
        Meter.CreateHistogram<double>("tixallo.client.call.duration", "s", "Duration of logical calls, all attempts and waits included.");

    private static readonly Counter<long> Attempts =
        Meter.CreateCounter<long>("tixallo.client.attempts", "{request}", "HTTP requests sent, retries included, by operation: what calls spend of the rate budget.");

    private static readonly Histogram<double> RateLimitWait =
        Meter.CreateHistogram<double>("tixallo.client.rate_limit.wait", "s", "Time attempts waited for the rate budget (a 429's hold, the limiter's permit), by operation.");

    public static bool MetricsEnabled => Requests.Enabled || Duration.Enabled;

    public static void RecordAttempt(string operation)
    {
        if (Attempts.Enabled)
        {
            Attempts.Add(1, new KeyValuePair<string, object?>("tixallo.operation", operation));
        }
    }

    public static void RecordRateLimitWait(string operation, TimeSpan waited)
    {
        if (RateLimitWait.Enabled)
        {
            RateLimitWait.Record(waited.TotalSeconds, new KeyValuePair<string, object?>("tixallo.operation", operation));
        }
    }

    public static void RecordCall(string operation, string outcome, TimeSpan duration)
    {
        var tags = new TagList { { "tixallo.operation", operation }, { "tixallo.outcome", outcome } };
        Requests.Add(1, tags);
        Duration.Record(duration.TotalSeconds, tags);
    }

    public static void RecordRetry(string operation)
    {
        if (Retries.Enabled)
        {
            Retries.Add(1, new KeyValuePair<string, object?>("tixallo.operation", operation));
        }
    }
}
