namespace Tixallo.Client.Http;

/// <summary>
/// The request of one logical call, carrying what the handlers and the transport share about it: the handlers
/// fill in the correlation id and the attempt count; the transport reads them into exceptions. A subclass of
/// <see cref="HttpRequestMessage"/> rather than an entry in its <c>Options</c>, which would cost a dictionary per call.
/// </summary>
internal sealed class CallState(HttpMethod method, Uri requestUri) : HttpRequestMessage(method, requestUri)
{
    /// <summary>A short name of the operation (e.g. <c>tickets.get</c>), for the activity and metrics.</summary>
    public required string Operation { get; init; }

    /// <summary>False for a streamed download: the body is left on the wire for the caller.</summary>
    public bool BufferResponse { get; init; } = true;

    /// <summary>False when the request body cannot be sent twice (an upload from a stream that cannot seek).</summary>
    public bool CanRetry { get; init; } = true;

    /// <summary>The <c>x-correlation-id</c> sent on every attempt.</summary>
    public string? CorrelationId { get; set; }

    /// <summary>How many attempts were made so far.</summary>
    public int Attempts { get; set; }

    /// <summary>When the resilience handler started the call, as a timestamp of the options' TimeProvider.</summary>
    public long StartTimestamp { get; set; }

    /// <summary>The state of a request; a request that is not the SDK's own (a user's handler made a new one) gets a fresh one.</summary>
    public static CallState Of(HttpRequestMessage request) =>
        request as CallState ?? new CallState(request.Method, request.RequestUri!) { Operation = request.Method.Method };
}
