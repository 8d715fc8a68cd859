using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using Tixallo.Client.Diagnostics;
using Tixallo.Client.Errors;
using Tixallo.Client.Http;
using Tixallo.Client.Options;

namespace Tixallo.Client.Resilience;

/// <summary>
/// Runs each call through a Polly.Core pipeline: retry, then the client's rate-limit gate (a 429's hold and the probe
/// after it, the optional limiter's permit), then an attempt timeout capped by what is left of the call's total timeout, all timed by the
/// options' <see cref="TimeProvider"/>. The call ends at its total timeout without a
/// strategy of its own: no attempt outlives it, and no wait that would outlive it is slept. Each attempt sends the
/// same request to the URI the call started with; a body it does not stream is read inside the attempt, within limits.
/// </summary>
/// <remarks>
/// A request the SDK did not build (a handler placed above this one replaced the SDK's request, or code sends through
/// the SDK's named <see cref="HttpClient"/> itself) passes through untouched: no retries, timeouts or body limits, as
/// nothing says what the request is or whether it may be sent twice. Handlers added on the SDK's
/// <c>IHttpClientBuilder</c> run below this one and may replace the request freely.
/// </remarks>
internal sealed class ResilienceHandler : DelegatingHandler
{
    private static readonly ResiliencePropertyKey<TixalloRequest> RequestKey = new("Tixallo.Client.Request");

    private readonly RetryPolicy _retryPolicy;
    private readonly RateLimitGate _gate;
    private readonly TimeProvider _timeProvider;
    private readonly Func<double> _random;
    private readonly Func<TimeSpan, TimeSpan> _jitter;
    private readonly ILogger _logger;

    /// <param name="options">The client's options, validated.</param>
    /// <param name="gate">The client's rate-limit gate, shared by every handler of the client.</param>
    /// <param name="logger">The SDK's logger.</param>
    /// <param name="random">Draws in [0, 1) for the jitter; tests pass a fixed one.</param>
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2026",
        Justification = "Polly validates a custom strategy's options by their data annotations; RateLimitGateOptions declares none.")]
    public ResilienceHandler(TixalloClientOptions options, RateLimitGate gate, ILogger logger, Func<double>? random = null)
    {
        _retryPolicy = new RetryPolicy(options.Retry);
        _gate = gate;
        _timeProvider = options.TimeProvider;
        _random = random ?? Random.Shared.NextDouble;
        _logger = logger;
        _jitter = wait => _retryPolicy.RequestedWaitJitter(wait, _random());
        // Per call: the retry; per attempt, retries included: the rate-limit gate (the hold, its probe, a permit), then
        // the attempt timeout, which starts after the gate's wait.
        Pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = options.TimeProvider }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                Name = "Retry",
                // The call's own limit (TixalloRequest.MaxRetries) is applied by ShouldRetry; this is the ceiling.
                MaxRetryAttempts = TixalloClientOptionsValidator.MaxRetriesLimit,
                ShouldHandle = args => new ValueTask<bool>(ShouldRetry(args)),
                DelayGenerator = args => new ValueTask<TimeSpan?>(RetryDelay(args)),
                OnRetry = OnRetryAsync,
            })
            .AddStrategy(_ => new RateLimitGateStrategy(gate, options.TimeProvider, _jitter, RequestKey), new RateLimitGateOptions())
            .AddTimeout(new TimeoutStrategyOptions
            {
                Name = "AttemptTimeout",
                TimeoutGenerator = args => new ValueTask<TimeSpan>(AttemptTimeout(args.Context)),
            })
            .Build();
    }

    /// <summary>The pipeline each call runs through; tests inspect it.</summary>
    internal ResiliencePipeline<HttpResponseMessage> Pipeline { get; }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        request is TixalloRequest call
            ? SendCallAsync(call, cancellationToken)
            : base.SendAsync(request, cancellationToken);

    private async Task<HttpResponseMessage> SendCallAsync(TixalloRequest request, CancellationToken cancellationToken)
    {
        request.StartTimestamp = _timeProvider.GetTimestamp();
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(RequestKey, request);
        try
        {
            var outcome = await Pipeline.ExecuteOutcomeAsync(
                static (context, state) => state.Handler.SendAttemptAsync(state.Request, context.CancellationToken),
                context,
                (Handler: this, Request: request)).ConfigureAwait(false);
            outcome.ThrowIfException();
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async ValueTask<Outcome<HttpResponseMessage>> SendAttemptAsync(TixalloRequest request, CancellationToken cancellationToken)
    {
        request.Attempts++;
        request.RequestedWait = null;
        TixalloTelemetry.RecordAttempt(request.Operation);
        if (!ReferenceEquals(request.RequestUri, request.Target))
        {
            request.RequestUri = request.Target;
        }

        using var scope = _logger.IsEnabled(LogLevel.Critical) ? Log.AttemptScope(_logger, request.CorrelationId, request.Attempts) : null;
        using var silence = request.Body is { } body ? new CancellationTokenSource(request.AttemptTimeout, _timeProvider) : null;
        using var attempt = silence is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, silence.Token);
        request.Body?.Watch(silence, request.AttemptTimeout);
        HttpResponseMessage? response = null;
        try
        {
            var token = attempt?.Token ?? cancellationToken;
            response = await base.SendAsync(request, token).ConfigureAwait(false);
            if ((response.RequestMessage?.RequestUri ?? request.RequestUri) is { } answered && answered != request.Target)
            {
                // A handler below the SDK followed a redirect: what came back is another resource's, not the API's answer.
                throw Redirected(request, answered, response.StatusCode);
            }

            if (!response.IsSuccessStatusCode)
            {
                // An error body is read whole inside the attempt, so it obeys the attempt's timeout; past the decoder's cap it is cut.
                var errorBody = await BufferedContent.ReadAsync(response.Content, ErrorDecoder.MaxBodyBytes, truncate: true, token).ConfigureAwait(false);
                response.Content = errorBody;
                NoteRequestedWait(request, response, errorBody);
            }
            else if (!request.StreamsResponse)
            {
                response.Content = await BufferedContent.ReadAsync(response.Content, request.MaxResponseContentBytes, truncate: false, token).ConfigureAwait(false);
            }

            return Outcome.FromResult(response);
        }
        catch (OperationCanceledException e) when (silence is { IsCancellationRequested: true } && !cancellationToken.IsCancellationRequested)
        {
            response?.Dispose();
            return Outcome.FromException<HttpResponseMessage>(new TimeoutRejectedException(
                $"Neither a byte of the request body went out nor a byte of the answer came in for {request.AttemptTimeout}.", request.AttemptTimeout, e));
        }
        catch (Exception e)
        {
            response?.Dispose();
            return Outcome.FromException<HttpResponseMessage>(e);
        }
        finally
        {
            request.Body?.Watch(null, default);
        }
    }

    /// <summary>The refusal of an answer that came from another URI than the call's: a redirect a handler below followed.</summary>
    private static TixalloApiException Redirected(TixalloRequest request, Uri answered, HttpStatusCode status) => new(new ApiError
    {
        StatusCode = status,
        ErrorCode = ErrorCodes.RedirectRefused,
        Message = $"The answer came from {answered.GetLeftPart(UriPartial.Path)}, not from {request.Target.GetLeftPart(UriPartial.Path)}: a handler below " +
            "the SDK followed a redirect, and another resource's answer is not the API's. It was refused; the API sends no redirects " +
            "(set AllowAutoRedirect = false on your handler).",
        CorrelationId = request.CorrelationId,
        Attempts = request.Attempts,
    });

    /// <summary>
    /// Records the wait a 429 or 503 asks for (<c>Retry-After</c>, else a 429's window), and holds the client's calls
    /// for a 429's wait, so concurrent callers do not each send a request into the limit.
    /// </summary>
    private void NoteRequestedWait(TixalloRequest request, HttpResponseMessage response, BufferedContent body)
    {
        if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable))
        {
            return;
        }

        var wait = ResponseHeaders.RetryAfter(response.Headers, _timeProvider.GetUtcNow());
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            var (scope, window) = ErrorDecoder.ReadRateLimit(ResponseHeaders.CharsetOf(body.ContentType), body.Bytes, request.Budget);
            wait ??= window;
            if (wait is { } held)
            {
                _gate.Hold(scope, held, request.Operation, request.CorrelationId);
            }
        }

        request.RequestedWait = wait;
    }

    /// <summary>Whether the outcome is retried: its kind, the call's retries left, and whether the wait fits in the call's time left.</summary>
    private bool ShouldRetry(RetryPredicateArguments<HttpResponseMessage> args)
    {
        if (args.Outcome.Result is { IsSuccessStatusCode: true })
        {
            return false; // the common case, decided before any clock is read
        }

        var request = args.Context.Properties.GetValue(RequestKey, null!);
        if (args.AttemptNumber >= request.MaxRetries || !request.CanRetry || args.Context.CancellationToken.IsCancellationRequested)
        {
            return false;
        }

        // A wait that outlasts the call's time would only end in a timeout: fail now with the real cause. A hold the
        // client is under (another call's 429, never longer than MaxRetryAfter) is part of the wait.
        var (hold, _) = _gate.HoldLeft(request.Budget);
        return _retryPolicy.PlannedDelay(request.Method, args.Outcome, args.AttemptNumber, request.RequestedWait) is { } planned
            && Max(planned, _retryPolicy.LongestWait(hold)) <= request.TimeLeft(_timeProvider);
    }

    /// <summary>How long to wait before the retry ShouldRetry allowed; what is left of a hold then is waited out by the gate.</summary>
    private TimeSpan? RetryDelay(RetryDelayGeneratorArguments<HttpResponseMessage> args)
    {
        var request = args.Context.Properties.GetValue(RequestKey, null!);
        return _retryPolicy.Delay(args.AttemptNumber, request.RequestedWait, _random());
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>
    /// The attempt's timeout: the call's attempt timeout, cut to what is left of its total (Polly ignores a timeout of
    /// zero). An attempt that sends the caller's stream is bounded by what is left only: its attempt timeout is silence.
    /// </summary>
    private TimeSpan AttemptTimeout(ResilienceContext context)
    {
        var request = context.Properties.GetValue(RequestKey, null!);
        var left = request.TimeLeft(_timeProvider);
        var limit = request.Body is null && request.AttemptTimeout < left ? request.AttemptTimeout : left;
        return limit > TimeSpan.Zero ? limit : TimeSpan.FromTicks(1);
    }

    /// <summary>Reports a retry: a log line, a metric, an activity event.</summary>
    private ValueTask OnRetryAsync(OnRetryArguments<HttpResponseMessage> args)
    {
        var request = args.Context.Properties.GetValue(RequestKey, null!);
        TixalloTelemetry.RecordRetry(request.Operation);
        if (_logger.IsEnabled(LogLevel.Warning))
        {
            var outcome = args.Outcome.Result is { } response
                ? ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)
                : args.Outcome.Exception?.GetType().Name ?? "unknown";
            Log.Retrying(_logger, request.Operation, request.Attempts, outcome, (long)Math.Round(args.RetryDelay.TotalMilliseconds), request.CorrelationId);
        }

        Activity.Current?.AddEvent(new ActivityEvent("tixallo.retry"));
        return default;
    }

    /// <summary>The options Polly asks of a custom strategy; the gate has none of its own.</summary>
    private sealed class RateLimitGateOptions : ResilienceStrategyOptions
    {
        public RateLimitGateOptions() => Name = "RateLimitGate";
    }
}
