using System.Net;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Timeout;
using Tixallo.Client.Diagnostics;
using Tixallo.Client.Errors;
using Tixallo.Client.Http;
using Tixallo.Client.Platform;

namespace Tixallo.Client.Resilience;

/// <summary>
/// Runs each call through its Polly.Core pipeline (<see cref="Transport.TixalloPipeline"/> lists its strategies), and
/// makes each attempt: the same request to the URI the call started with; an answer from another URI refused; a body
/// it does not stream read inside the attempt, within limits; an error answer decoded once, and a 429's or 503's wait
/// noted (a 429's holds the client's calls); an upload's attempt timed out on silence.
/// </summary>
/// <remarks>
/// A request the SDK did not build (a handler placed above this one replaced the SDK's request, or code sends through
/// the SDK's named <see cref="HttpClient"/> itself) passes through untouched: no retries, timeouts or body limits, as
/// nothing says what the request is or whether it may be sent twice. Handlers added on the SDK's
/// <c>IHttpClientBuilder</c> run below this one and may replace the request freely.
/// </remarks>
internal sealed class ResilienceHandler : DelegatingHandler
{
    private readonly Task<ResiliencePipeline<HttpResponseMessage>> _pipeline;
    private readonly RateLimitGate _gate;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <param name="pipeline">What each call runs through, being built (<see cref="Transport.TixalloPipeline.PerCall"/>): the first call waits for it.</param>
    /// <param name="gate">The client's rate-limit gate, shared by every handler of the client: a 429's hold is set here.</param>
    /// <param name="timeProvider">The client's clock.</param>
    /// <param name="logger">The SDK's logger.</param>
    public ResilienceHandler(Task<ResiliencePipeline<HttpResponseMessage>> pipeline, RateLimitGate gate, TimeProvider timeProvider, ILogger logger)
    {
        _pipeline = pipeline;
        _gate = gate;
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
        var pipeline = await _pipeline.ConfigureAwait(false); // complete after the first call, so awaiting it then does not yield
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        CallProperties.Set(context, request);
        try
        {
            var outcome = await pipeline.ExecuteOutcomeAsync(
                static (context, state) => state.Handler.SendAttemptAsync(state.Request, context.CancellationToken),
                context,
                (Handler: this, Request: request)).ConfigureAwait(false);
            outcome.ThrowIfException();
            return outcome.Result!;
        }
        // Stryker disable once Block,Statement : the pool makes a new context when none is returned
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async ValueTask<Outcome<HttpResponseMessage>> SendAttemptAsync(TixalloRequest request, CancellationToken cancellationToken)
    {
        request.Attempts++;
        TixalloHttpRequestOptions.SetAttemptNumber(request, request.Attempts);
        request.RequestedWait = null;
        request.ErrorAnswer = null;
        TixalloTelemetry.RecordAttempt(request.Operation);
        if (!ReferenceEquals(request.RequestUri, request.Target))
        {
            request.RequestUri = request.Target;
        }

        // Stryker disable once Conditional : a scope begun on a disabled logger does nothing; the check spares its cost
        using var scope = _logger.IsEnabled(LogLevel.Critical) ? Log.AttemptScope(_logger, request.CorrelationId, request.Attempts) : null;
        using var silence = request.Body is { } body ? Timers.CancelAfter(request.AttemptTimeout, _timeProvider) : null;
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
                NoteRequestedWait(request, error);
            }
            else if (!request.StreamsResponse)
            {
                response.Content = await BufferedContent.ReadAsync(response.Content, request.MaxResponseContentBytes, truncate: false, token).ConfigureAwait(false);
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

    /// <summary>
    /// Records the wait a 429 or 503 asks for (<c>Retry-After</c>, else a 429's window), and holds the client's calls
    /// for a 429's wait, so concurrent callers do not each send a request into the limit.
    /// </summary>
    private void NoteRequestedWait(TixalloRequest request, TixalloApiException error)
    {
        if (error.StatusCode is not (HttpNames.TooManyRequests or HttpStatusCode.ServiceUnavailable))
        {
            return;
        }

        var wait = error.RetryAfter;
        if (error is TixalloRateLimitException limited)
        {
            wait ??= limited.Window;
            if (wait is { } held)
            {
                _gate.Hold(limited.Scope, held, request.Operation, request.CorrelationId);
            }
        }

        request.RequestedWait = wait;
    }
}
