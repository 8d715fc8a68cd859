using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Timeout;
using Tixallo.Client.Diagnostics;
using Tixallo.Client.Errors;
using Tixallo.Client.Http;
using Tixallo.Client.Platform;

namespace Tixallo.Client.Resilience;

/// <summary>
/// Runs each call: its first attempt at once, and the Polly.Core pipeline (<see cref="Transport.TixalloPipeline"/>
/// lists what it holds) only when that attempt's outcome may be retried; makes each attempt: admitted by the rate-limit
/// gate (<see cref="AttemptGate"/>), timed (<see cref="AttemptTimeouts"/>), sent as the same request to the URI the
/// call started with; an answer from another URI refused; a body it does not stream read inside the attempt, within
/// limits; an error answer decoded once (the wait a 429 or 503 asks for is read from it, and a 429's holds the
/// client's calls); an upload's attempt timed out on silence.
/// </summary>
/// <remarks>
/// <para>
/// The first attempt goes ahead of the pipeline, because most calls end with it: a success, or an answer that is not
/// retried (a 404, or any error with retries off), costs no pipeline, and the first call of a process does not wait for
/// the pipeline to be built (Polly validates its options with data annotations: 20–40 ms the first time in a
/// process). An outcome that may be retried (<see cref="CallRetry.ShouldRetry"/>) is handed to the pipeline as its
/// first attempt's, so Polly's retry decides, waits and reports from there exactly as it would have.
/// </para>
/// <para>
/// A request the SDK did not build (a handler placed above this one replaced the SDK's request, or code sends through
/// the SDK's named <see cref="HttpClient"/> itself) passes through untouched: no retries, timeouts or body limits, as
/// nothing says what the request is or whether it may be sent twice. Handlers added on the SDK's
/// <c>IHttpClientBuilder</c> run below this one and may replace the request freely.
/// </para>
/// </remarks>
internal sealed class ResilienceHandler : DelegatingHandler
{
    private readonly Lazy<ResiliencePipeline<HttpResponseMessage>> _pipeline;
    private readonly CallRetry _retry;
    private readonly RateLimitGate _gate;
    private readonly AttemptGate _admission;
    private readonly AttemptTimeouts _timeouts;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <param name="pipeline">What a call whose first attempt may be retried runs through (<see cref="Transport.TixalloPipeline.PerCall"/>), built when first needed.</param>
    /// <param name="retry">The pipeline's retry: the handler asks it whether a first attempt's outcome may be retried.</param>
    /// <param name="gate">The client's rate-limit gate, shared by every handler of the client: a 429's hold is set here.</param>
    /// <param name="timeProvider">The client's clock.</param>
    /// <param name="logger">The SDK's logger.</param>
    public ResilienceHandler(Lazy<ResiliencePipeline<HttpResponseMessage>> pipeline, CallRetry retry, RateLimitGate gate, TimeProvider timeProvider, ILogger logger)
    {
        _pipeline = pipeline;
        _retry = retry;
        _gate = gate;
        _admission = new AttemptGate(gate, timeProvider, retry.Jitter, SendAttemptAsync);
        _timeouts = new AttemptTimeouts(timeProvider);
        _timeProvider = timeProvider;
        _logger = logger;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        request is TixalloRequest call
            ? SendCallAsync(call, cancellationToken)
            : base.SendAsync(request, cancellationToken);

    private async Task<HttpResponseMessage> SendCallAsync(TixalloRequest request, CancellationToken cancellationToken)
    {
        request.StartTimestamp = _timeProvider.GetTimestamp();
        var outcome = await _admission.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (_retry.ShouldRetry(request, outcome, attemptNumber: 0, cancellationToken))
        {
            outcome = await RetryAsync(request, outcome, cancellationToken).ConfigureAwait(false);
        }

        outcome.ThrowIfException();
        return outcome.Result!;
    }

    /// <summary>Runs the call through the pipeline, whose first attempt is the one already made: <paramref name="first"/> is its outcome.</summary>
    private async Task<Outcome<HttpResponseMessage>> RetryAsync(TixalloRequest request, Outcome<HttpResponseMessage> first, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        CallProperties.Set(context, request);
        try
        {
            return await _pipeline.Value.ExecuteOutcomeAsync(
                static (context, call) => call.NextAttemptAsync(context.CancellationToken),
                context,
                new RetriedCall(this, request, first)).ConfigureAwait(false);
        }
        // Stryker disable once Block,Statement : the pool makes a new context when none is returned
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

#if NET
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] // every attempt over the network: its state machine's box is reused, not allocated
#endif
    private async ValueTask<Outcome<HttpResponseMessage>> SendAttemptAsync(TixalloRequest request, CancellationToken cancellationToken)
    {
        request.Attempts++;
        TixalloHttpRequestOptions.SetAttemptNumber(request, request.Attempts);
        request.ErrorAnswer = null;
        TixalloTelemetry.RecordAttempt(request.Operation);
        if (!ReferenceEquals(request.RequestUri, request.Target))
        {
            request.RequestUri = request.Target;
        }

        // Stryker disable once Conditional : a scope begun on a disabled logger does nothing; the check spares its cost
        using var scope = _logger.IsEnabled(LogLevel.Critical) ? Log.AttemptScope(_logger, request.CorrelationId, request.Attempts) : null;
        // The attempt's limit (for an upload, what is left of the call), and for an upload the silence timer too.
        using var timer = _timeouts.Start(request, cancellationToken);
        using var silence = request.Body is { } body ? Timers.CancelAfter(request.AttemptTimeout, _timeProvider) : null;
        using var attempt = silence is null ? null : CancellationTokenSource.CreateLinkedTokenSource(timer.Token, silence.Token);
        request.Body?.Watch(silence, request.AttemptTimeout);
        HttpResponseMessage? response = null;
        try
        {
            var token = attempt?.Token ?? timer.Token;
            response = await base.SendAsync(request, token).ConfigureAwait(false);
            if ((response.RequestMessage?.RequestUri ?? request.RequestUri) is { } answered && answered != request.Target)
            {
                // A handler below the SDK followed a redirect: what came back is another resource's, not the API's answer.
                throw Failures.Redirected(request, answered, response.StatusCode);
            }

            if (!response.IsSuccessStatusCode)
            {
                // An error body is read whole inside the attempt, so it obeys the attempt's timeout; past the decoder's cap it is
                // cut. It is decoded once, here: the wait it asks for comes from the decoded answer, and so does the exception.
                var error = await ErrorDecoder.DecodeAsync(
                    response,
                    new ErrorContext(ResponseHeaders.EchoedCorrelationId(response.Headers) ?? request.CorrelationId, request.Attempts, _timeProvider.GetUtcNow(), request.Budget),
                    token).ConfigureAwait(false);
                request.ErrorAnswer = error;
                HoldForRateLimit(request, error);
            }
            else if (!request.StreamsResponse)
            {
                response.Content = await BufferedContent.ReadAsync(response.Content, request.MaxResponseContentBytes, token).ConfigureAwait(false);
            }

            return Outcome.FromResult(response);
        }
        catch (ResponseBodyException e)
        {
            // A successful answer whose body the client cannot use: a typed outcome of the attempt, not retried.
            var status = response!.StatusCode;
            var correlationId = ResponseHeaders.EchoedCorrelationId(response.Headers) ?? request.CorrelationId;
            // Stryker disable once Statement : BufferedContent already disposed the body it could not use; this disposes the rest
            response.Dispose();
            return Outcome.FromException<HttpResponseMessage>(Failures.UnusableBody(request, status, correlationId, request.Attempts, e));
        }
        catch (OperationCanceledException e) when (silence is { IsCancellationRequested: true } && !cancellationToken.IsCancellationRequested)
        {
            // Stryker disable once Statement : a response here is one whose error body went silent, which BufferedContent disposed as its read was cut
            response?.Dispose();
            return Outcome.FromException<HttpResponseMessage>(new TimeoutRejectedException(
                $"Neither a byte of the request body went out nor a byte of the answer came in for {request.AttemptTimeout}.", request.AttemptTimeout, e));
        }
        catch (OperationCanceledException e) when (timer.HasExpired(cancellationToken))
        {
            // Stryker disable once Statement : a response here is one whose body read was cut, which BufferedContent disposed
            response?.Dispose();
            return Outcome.FromException<HttpResponseMessage>(new TimeoutRejectedException(
                $"The attempt did not complete within its timeout of {timer.Timeout}.", timer.Timeout, e));
        }
        catch (Exception e)
        {
            response?.Dispose();
            return Outcome.FromException<HttpResponseMessage>(e);
        }
        // Stryker disable once Block,Statement : every attempt sets the watch again before it sends; this only lets the timer go early
        finally
        {
            request.Body?.Watch(null, default);
        }
    }

    /// <summary>The state of a call in the pipeline: the first attempt's outcome, handed back once, then attempts sent anew.</summary>
    private sealed class RetriedCall(ResilienceHandler handler, TixalloRequest request, Outcome<HttpResponseMessage> first)
    {
        private bool _firstTaken;

        public ValueTask<Outcome<HttpResponseMessage>> NextAttemptAsync(CancellationToken cancellationToken)
        {
            if (_firstTaken)
            {
                return handler._admission.SendAsync(request, cancellationToken);
            }

            _firstTaken = true;
            return new ValueTask<Outcome<HttpResponseMessage>>(first);
        }
    }

    /// <summary>
    /// Holds the client's calls for the wait a 429 asks for (<c>Retry-After</c>, else its window), so concurrent callers
    /// do not each send a request into the limit. The retry reads the same wait from the request (<see cref="TixalloRequest.RequestedWait"/>).
    /// </summary>
    private void HoldForRateLimit(TixalloRequest request, TixalloApiException error)
    {
        if (error is TixalloRateLimitException limited && request.RequestedWait is { } held)
        {
            _gate.Hold(limited.Scope, held, request.Operation, request.CorrelationId);
        }
    }
}
