namespace Tixallo.Client.Http;

/// <summary>
/// One logical call: the request every attempt sends and the state the SDK's parts share about it. A subclass of
/// <see cref="HttpRequestMessage"/>, as Azure.Core's <c>HttpMessage</c> and System.ClientModel's <c>PipelineMessage</c>
/// are, so the state costs no dictionary and no second object per call.
/// </summary>
/// <remarks>
/// Who writes and who reads each field:
/// <list type="table">
/// <listheader><term>field</term><description>written by → read by</description></listheader>
/// <item><term><see cref="Operation"/>, <see cref="Budget"/>, <see cref="Body"/>, <see cref="CanRetry"/>, <see cref="StreamsResponse"/>, <see cref="Target"/></term>
/// <description>the resource client, at construction → the resilience handler, telemetry</description></item>
/// <item><term><see cref="CorrelationId"/></term><description>the transport (the id sent; after the answer, the id echoed) → logs, exceptions</description></item>
/// <item><term><see cref="AttemptTimeout"/>, <see cref="TotalTimeout"/>, <see cref="MaxRetries"/>, <see cref="MaxResponseContentBytes"/></term>
/// <description>the transport, from the client's options → the resilience handler</description></item>
/// <item><term><see cref="Attempts"/>, <see cref="StartTimestamp"/></term>
/// <description>the resilience handler → the transport, into exceptions; the rate-limit gate</description></item>
/// <item><term><see cref="RequestedWait"/></term><description>the resilience handler's attempt, from a 429 or 503 → its retry callbacks</description></item>
/// </list>
/// A request the SDK did not build (a handler placed above the SDK's replaced it) passes the resilience handler
/// untouched: see <see cref="Resilience.ResilienceHandler"/>.
/// </remarks>
internal sealed class TixalloRequest : HttpRequestMessage
{
    public TixalloRequest(string operation, HttpMethod method, Uri target)
        : base(method, target)
    {
        Operation = operation;
        Target = target;
    }

    /// <summary>A short name of the operation (e.g. <c>tickets.get</c>), for logs, the activity and metrics.</summary>
    public string Operation { get; }

    /// <summary>The URI the call started with. Every attempt goes there, whatever a handler below did to <see cref="HttpRequestMessage.RequestUri"/>.</summary>
    public Uri Target { get; }

    /// <summary>Which rate budget the call spends: the rate-limit gate holds and probes by it.</summary>
    public RateBudget Budget { get; init; }

    /// <summary>
    /// The caller's stream the body is read from (an upload), or null. Its attempts time out on silence: when neither a
    /// byte of the body goes out nor an answer comes in for <see cref="AttemptTimeout"/>.
    /// </summary>
    public RequestBodyStream? Body { get; init; }

    /// <summary>False when the body cannot be sent twice (an upload from a stream that cannot seek).</summary>
    public bool CanRetry { get; init; } = true;

    /// <summary>True for a download: a successful body is left on the wire for the caller; an error body is still read.</summary>
    public bool StreamsResponse { get; init; }

    /// <summary>The <c>x-correlation-id</c>: the one sent on every attempt, then the one the server echoed, when valid.</summary>
    public string CorrelationId { get; set; } = string.Empty;

    /// <summary>The longest one attempt may take (until the headers, or the whole body when it is read).</summary>
    public TimeSpan AttemptTimeout { get; set; }

    /// <summary>The longest the whole call may take, every attempt and wait included.</summary>
    public TimeSpan TotalTimeout { get; set; }

    /// <summary>The most retries after the first attempt.</summary>
    public int MaxRetries { get; set; }

    /// <summary>The most bytes of a successful body read into memory.</summary>
    public long MaxResponseContentBytes { get; set; }

    /// <summary>How many attempts were made so far.</summary>
    public int Attempts { get; set; }

    /// <summary>When the first attempt started, as a timestamp of the client's <see cref="TimeProvider"/>.</summary>
    public long StartTimestamp { get; set; }

    /// <summary>The wait the last answer asked for (<c>Retry-After</c>, or a 429's window), or null.</summary>
    public TimeSpan? RequestedWait { get; set; }

    /// <summary>What is left of <see cref="TotalTimeout"/>, on <paramref name="clock"/>.</summary>
    public TimeSpan TimeLeft(TimeProvider clock) => TotalTimeout - clock.GetElapsedTime(StartTimestamp);
}
