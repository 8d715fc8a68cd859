using System.Net;
using Tixallo.Client.Platform;

namespace Tixallo.Client.Http;

/// <summary>
/// One logical call: the request every attempt sends, its fixed settings, and the attempt state the resilience handler
/// keeps. A subclass of <see cref="HttpRequestMessage"/>, as Azure.Core's <c>HttpMessage</c> and System.ClientModel's
/// <c>PipelineMessage</c> are, so the state costs no dictionary and no second object per call.
/// </summary>
/// <remarks>
/// Who writes and who reads each field:
/// <list type="table">
/// <listheader><term>field</term><description>written by → read by</description></listheader>
/// <item><term><see cref="Operation"/>, <see cref="Target"/>, <see cref="CorrelationId"/>, the limits</term>
/// <description>the transport, when the resource client asks it for the request (the limits are the client's or view's <see cref="CallLimits"/>, shared by its calls); never changed → everyone</description></item>
/// <item><term><see cref="Budget"/>, <see cref="Body"/>, <see cref="CanRetry"/>, <see cref="StreamsResponse"/></term>
/// <description>the resource client, through the transport, at creation → the resilience handler</description></item>
/// <item><term><see cref="Attempts"/>, <see cref="StartTimestamp"/>, <see cref="ErrorAnswer"/> (and <see cref="RequestedWait"/>, read from it)</term>
/// <description>the resilience handler alone, per attempt → its strategies; the transport reads the outcome</description></item>
/// <item><term><see cref="Failure"/>, <see cref="FailureWasThrown"/></term>
/// <description>the transport, once, when the call ends in a failure → the transport, which hands it to the caller's task</description></item>
/// </list>
/// What the transport learns from the answer (the echoed correlation id) travels up with the result, not back onto the
/// request. A request the SDK did not build (a handler placed above the SDK's replaced it) passes the resilience
/// handler untouched: see <see cref="Resilience.ResilienceHandler"/>.
/// </remarks>
internal sealed class TixalloRequest : HttpRequestMessage
{
    private readonly CallLimits _limits;

    public TixalloRequest(string operation, HttpMethod method, Uri target, string correlationId, CallLimits limits)
        : base(method, target)
    {
        Operation = operation;
        Target = target;
        CorrelationId = correlationId;
        _limits = limits;
    }

    /// <summary>A short name of the operation (e.g. <c>tickets.get</c>), for logs, the activity and metrics.</summary>
    public string Operation { get; }

    /// <summary>The URI the call started with. Every attempt goes there, whatever a handler below did to <see cref="HttpRequestMessage.RequestUri"/>.</summary>
    public Uri Target { get; }

    /// <summary>The <c>x-correlation-id</c> sent on every attempt.</summary>
    public string CorrelationId { get; }

    /// <summary>The longest one attempt may take (until the headers, or the whole body when it is read); for a <see cref="Body"/>, the longest silence.</summary>
    public TimeSpan AttemptTimeout => _limits.AttemptTimeout;

    /// <summary>The longest the whole call may take, every attempt and wait included.</summary>
    public TimeSpan TotalTimeout => _limits.TotalTimeout;

    /// <summary>The most retries after the first attempt.</summary>
    public int MaxRetries => _limits.MaxRetries;

    /// <summary>The most bytes of a successful body read into memory.</summary>
    public long MaxResponseContentBytes => _limits.MaxResponseContentBytes;

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

    /// <summary>How many attempts were made so far.</summary>
    public int Attempts { get; set; }

    /// <summary>When the first attempt started, as a timestamp of the client's <see cref="TimeProvider"/>.</summary>
    public long StartTimestamp { get; set; }

    /// <summary>
    /// The wait the last answer asked for: a 429's or 503's <c>Retry-After</c>, else a 429's window; or null. Read from
    /// <see cref="ErrorAnswer"/>, not kept beside it: 16 bytes less on every request.
    /// </summary>
    public TimeSpan? RequestedWait => ErrorAnswer is { StatusCode: HttpNames.TooManyRequests or HttpStatusCode.ServiceUnavailable } answer
        ? answer.RetryAfter ?? (answer as TixalloRateLimitException)?.Window
        : null;

    /// <summary>The last attempt's error answer, decoded once; the transport hands it to the caller as the call's <see cref="Failure"/>.</summary>
    public TixalloApiException? ErrorAnswer { get; set; }

    /// <summary>How the call failed, when it did: what the transport hands its caller, set once when the call ends.</summary>
    public Exception? Failure { get; set; }

    /// <summary>True when <see cref="Failure"/> was thrown and caught on the way, so it has a stack trace to keep.</summary>
    public bool FailureWasThrown { get; set; }

    /// <summary>What is left of <see cref="TotalTimeout"/>, on <paramref name="clock"/>.</summary>
    public TimeSpan TimeLeft(TimeProvider clock) => TotalTimeout - clock.GetElapsedTime(StartTimestamp);
}

/// <summary>
/// The limits of a client's or view's calls, fixed when it is made: one object its requests share, not four fields on
/// each request.
/// </summary>
/// <param name="AttemptTimeout">The longest one attempt may take.</param>
/// <param name="TotalTimeout">The longest the call may take.</param>
/// <param name="MaxRetries">The most retries.</param>
/// <param name="MaxResponseContentBytes">The most bytes of a successful body read into memory.</param>
internal sealed record CallLimits(TimeSpan AttemptTimeout, TimeSpan TotalTimeout, int MaxRetries, long MaxResponseContentBytes);
