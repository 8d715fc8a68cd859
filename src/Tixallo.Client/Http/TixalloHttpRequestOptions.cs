namespace Tixallo.Client;

/// <summary>
/// What the SDK puts on each attempt's <see cref="HttpRequestMessage.Options"/>, for handlers on the SDK's
/// <c>IHttpClientBuilder</c> and for telemetry enrichers of the HTTP spans.
/// </summary>
/// <example>
/// Each HTTP span of a retried call says which resend it was (OpenTelemetry's <c>http.request.resend_count</c>):
/// <code>
/// tracing.AddHttpClientInstrumentation(o => o.EnrichWithHttpRequestMessage = (activity, request) =>
/// {
///     if (request.Options.TryGetValue(TixalloHttpRequestOptions.AttemptNumber, out var attempt) &amp;&amp; attempt > 1)
///     {
///         activity.SetTag("http.request.resend_count", attempt - 1);
///     }
/// });
/// </code>
/// </example>
public static class TixalloHttpRequestOptions
{
    /// <summary>The attempt's number within its call: 1 for the first attempt, 2 for the first retry, and so on.</summary>
    public static readonly HttpRequestOptionsKey<int> AttemptNumber = new("Tixallo.Client.AttemptNumber");

    // Each attempt number boxed once: setting it per attempt costs the request's options dictionary, not a box too.
    private static readonly object[] BoxedAttemptNumbers = Enumerable.Range(0, TixalloRetryOptions.MaxRetriesLimit + 2).Select(n => (object)n).ToArray();

    /// <summary>Puts <paramref name="attempt"/> on the request's options as <see cref="AttemptNumber"/>.</summary>
    internal static void SetAttemptNumber(HttpRequestMessage request, int attempt)
    {
        IDictionary<string, object?> options = request.Options;
        options[AttemptNumber.Key] = attempt < BoxedAttemptNumbers.Length ? BoxedAttemptNumbers[attempt] : attempt;
    }
}
