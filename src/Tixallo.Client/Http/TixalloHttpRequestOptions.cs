namespace Tixallo.Client;

/// <summary>
/// What the SDK puts on each attempt's <c>HttpRequestMessage.Options</c> (on .NET Standard 2.0,
/// <c>HttpRequestMessage.Properties</c>, under the same names), for handlers on the SDK's <c>IHttpClientBuilder</c>
/// and for telemetry enrichers of the HTTP spans.
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
    /// <summary>
    /// The key the attempt number goes under: on .NET Framework, read it from <c>HttpRequestMessage.Properties</c>
    /// (an <see cref="int"/>); on .NET 8 and later, <c>AttemptNumber</c> reads it from the request's options.
    /// </summary>
    public const string AttemptNumberName = "Tixallo.Client.AttemptNumber";

#if NET
    /// <summary>The attempt's number within its call: 1 for the first attempt, 2 for the first retry, and so on.</summary>
    public static readonly HttpRequestOptionsKey<int> AttemptNumber = new(AttemptNumberName);
#endif

    // Each attempt number boxed once: setting it per attempt costs the request's options dictionary, not a box too.
    private static readonly object[] BoxedAttemptNumbers = Enumerable.Range(0, TixalloRetryOptions.MaxRetriesLimit + 2).Select(n => (object)n).ToArray();

    /// <summary>Puts <paramref name="attempt"/> on the request's options under <see cref="AttemptNumberName"/>.</summary>
    internal static void SetAttemptNumber(HttpRequestMessage request, int attempt)
    {
#if NET
        IDictionary<string, object?> options = request.Options;
#else
        var options = request.Properties;
#endif
        options[AttemptNumberName] = attempt < BoxedAttemptNumbers.Length ? BoxedAttemptNumbers[attempt] : attempt;
    }
}
