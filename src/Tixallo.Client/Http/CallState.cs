namespace Tixallo.Client.Http;

/// <summary>
/// What the handlers and the transport share about one logical call, carried in the request's options:
/// the handlers fill in the correlation id and the attempt count; the transport reads them into exceptions.
/// </summary>
internal sealed class CallState
{
    public static readonly HttpRequestOptionsKey<CallState> Key = new("Tixallo.Client.CallState");

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

    public static CallState Of(HttpRequestMessage request) =>
        request.Options.TryGetValue(Key, out var state) ? state : new CallState { Operation = request.Method.Method };
}
