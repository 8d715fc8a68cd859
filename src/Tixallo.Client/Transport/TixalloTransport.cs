using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Tixallo.Client.Diagnostics;
using Tixallo.Client.Errors;
using Tixallo.Client.Resilience;
using Tixallo.Client.Http;

namespace Tixallo.Client.Transport;

/// <summary>
/// The one place that makes a call's request (its correlation id and limits fixed at creation, <see cref="Request"/>),
/// sends it, and turns its outcome into a model or a typed exception, with what it learned from the answer (the echoed
/// correlation id); it observes the call (activity, metrics). The handlers below decide about retries, timeouts and
/// authentication per attempt.
/// </summary>
internal sealed class TixalloTransport
{
    private readonly Shared _shared;
    private readonly CallLimits _limits;
    private readonly string? _correlationId;
    private readonly KeyValuePair<string, string>[] _headers;

    /// <param name="http">The client whose handlers are the SDK's.</param>
    /// <param name="options">The client's options, validated; read once, so a later change to them has no effect.</param>
    /// <param name="logger">Where failed calls are logged.</param>
    public TixalloTransport(HttpClient http, TixalloClientOptions options, ILogger logger)
    {
        _shared = new Shared(http, options.TimeProvider, logger, options.CorrelationIdGenerator, TixalloPipeline.NormalizeBaseAddress(options.BaseAddress));
        _limits = new CallLimits(options.AttemptTimeout, options.TotalTimeout, options.Retry.MaxRetries, options.MaxResponseContentBytes);
        _headers = [];
    }

    /// <summary>A view: the same connections, pipeline and disposal, with <paramref name="options"/> over <paramref name="parent"/>'s settings.</summary>
    private TixalloTransport(TixalloTransport parent, TixalloRequestOptions options)
    {
        _shared = parent._shared;
        _limits = parent._limits with
        {
            AttemptTimeout = options.AttemptTimeout ?? parent._limits.AttemptTimeout,
            TotalTimeout = options.TotalTimeout ?? parent._limits.TotalTimeout,
            MaxRetries = options.MaxRetries ?? parent._limits.MaxRetries,
        };
        _correlationId = options.CorrelationId ?? parent._correlationId;
        _headers = [.. parent._headers.Where(h => options.Headers?.ContainsKey(h.Key) != true), .. options.Headers ?? new Dictionary<string, string>()];
    }

    /// <summary>The API's base address, ending in a slash.</summary>
    public Uri BaseAddress => _shared.BaseAddress;

    /// <summary>A transport for a view of the client (<see cref="ITixalloClient.WithOptions"/>); <paramref name="options"/> are validated.</summary>
    public TixalloTransport With(TixalloRequestOptions options) => new(this, options);

    /// <summary>
    /// The request for one call of this client (or view): its settings fixed now (the correlation id in scope, the
    /// view's limits), its headers set. The resource client says what the call is; nothing changes it afterwards.
    /// </summary>
    /// <param name="operation">A short name of the operation, e.g. <c>tickets.get</c>.</param>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The path relative to the base address, ids already escaped.</param>
    /// <param name="content">The body, if any.</param>
    /// <param name="budget">The rate budget the call spends.</param>
    /// <param name="body">The caller's stream the body reads, for an upload: its attempts time out on silence, and it is sent again only if it can seek.</param>
    /// <param name="streamsResponse">True for a download: a successful body is left on the wire for the caller.</param>
    public TixalloRequest Request(string operation, HttpMethod method, string path, HttpContent? content = null, RateBudget budget = RateBudget.Calls, RequestBodyStream? body = null, bool streamsResponse = false)
    {
        var correlationId = _correlationId
            ?? TixalloCorrelation.Current
            ?? (_shared.CorrelationIdGenerator is { } generator
                ? CorrelationIds.Validate(generator(), nameof(TixalloClientOptions.CorrelationIdGenerator))
                : CorrelationIds.New());
        var uri = new Uri(_shared.BaseAddress.AbsoluteUri + path, UriKind.Absolute); // one parse, cheaper than combining two URIs; Uri caches AbsoluteUri
        var request = new TixalloRequest(operation, method, uri, correlationId, _limits)
        {
            Content = content,
            Budget = budget,
            Body = body,
            CanRetry = body?.CanSeek ?? true,
            StreamsResponse = streamsResponse,
        };
        request.Headers.TryAddWithoutValidation(CorrelationIds.HeaderName, correlationId);
        foreach (var (name, value) in _headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    /// <summary>From now on, a call (of any view) that fails because the client's connections were released reports that, not a timeout.</summary>
    public void MarkDisposed() => _shared.Disposed = true;

    /// <summary>Sends a call and reads a JSON body of <typeparamref name="T"/>.</summary>
    public Task<T> SendAsync<T>(TixalloRequest request, JsonTypeInfo<T> responseType, CancellationToken cancellationToken) =>
        Send(request, responseType, static (response, request, answer, type) => ReadJson(response, request, answer, type), cancellationToken);

    /// <summary>Sends a call, reads a JSON body of <typeparamref name="T"/>, and shapes it with the answer's correlation id (a page).</summary>
    public Task<TResult> SendAsync<T, TResult>(TixalloRequest request, JsonTypeInfo<T> responseType, Func<T, string, TResult> shape, CancellationToken cancellationToken) =>
        Send(request, (Type: responseType, Shape: shape), static (response, request, answer, state) => state.Shape(ReadJson(response, request, answer, state.Type), answer.CorrelationId), cancellationToken);

    /// <summary>Sends a call whose success has no body (204).</summary>
    public Task SendAsync(TixalloRequest request, CancellationToken cancellationToken) =>
        Send(request, 0, static (response, _, _, _) =>
        {
            response.Dispose();
            return 0;
        }, cancellationToken);

    /// <summary>Sends a call and hands back the body as a stream read from the network as the caller reads it.</summary>
    public async Task<AttachmentStream> DownloadAsync(TixalloRequest request, CancellationToken cancellationToken)
    {
        var (response, answer) = await Send(request, 0, static (response, _, answer, _) => (response, answer), cancellationToken).ConfigureAwait(false);
        try
        {
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return new AttachmentStream(body, response, answer.CorrelationId, answer.Attempts, request.AttemptTimeout, _shared.TimeProvider);
        }
        catch (Exception e)
        {
            response.Dispose();
            throw cancellationToken.IsCancellationRequested ? Canceled(e, cancellationToken) : Failures.NoAnswer(request, answer.CorrelationId, e);
        }
    }

    /// <summary>
    /// Sends a call and shapes its success with <paramref name="onSuccess"/>. An outcome at hand (a call whose answer
    /// was there at once, or that the client refused) is handed over as a completed task, its failure never thrown
    /// here: the caller's <c>await</c> throws it, once. Cancellation is thrown, so the task is canceled, not faulted.
    /// </summary>
    private Task<TResult> Send<TResult, TState>(
        TixalloRequest request,
        TState state,
        Func<HttpResponseMessage, TixalloRequest, Answer, TState, TResult> onSuccess,
        CancellationToken cancellationToken)
    {
        var pending = SendCoreAsync(request, state, onSuccess, cancellationToken);
        if (!pending.IsCompletedSuccessfully)
        {
            return AwaitAsync(request, pending);
        }

        var result = pending.Result; // completed: reading it does not wait
        return request.Failure is { } failure ? Task.FromException<TResult>(failure) : Task.FromResult(result!);

        static async Task<TResult> AwaitAsync(TixalloRequest request, ValueTask<TResult?> pending)
        {
            var result = await pending.ConfigureAwait(false);
            if (request.Failure is { } failure)
            {
                if (request.FailureWasThrown)
                {
                    ExceptionDispatchInfo.Capture(failure).Throw(); // keeps where it was first thrown
                }

                // Never thrown yet: a plain throw, as dispatch info on a fresh exception costs about 380 B.
                throw failure;
            }

            return result!;
        }
    }

    /// <summary>
    /// The call itself: its result, or <c>default</c> with the exception the caller is to get put on the request
    /// (<see cref="TixalloRequest.Failure"/>) rather than thrown, as a throw costs more than the rest of a failed call in
    /// memory. Only cancellation is thrown. The result is a <see cref="ValueTask{TResult}"/> of the model itself, so
    /// its async machinery is the runtime's shared code for reference types: a process's first call compiles less.
    /// </summary>
#if NET
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] // every call over the network: awaited once, so its box can be reused
#endif
    private async ValueTask<TResult?> SendCoreAsync<TResult, TState>(
        TixalloRequest request,
        TState state,
        Func<HttpResponseMessage, TixalloRequest, Answer, TState, TResult> onSuccess,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var telemetry = CallTelemetry.Start(request, _shared.TimeProvider, _shared.Logger);
        HttpResponseMessage response;
        try
        {
            response = await _shared.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested)
        {
            // Cancelled before the call returned: that is the outcome, whatever the last attempt met on the way.
            telemetry?.Stop(request, "canceled", null, request.CorrelationId, request.Attempts);
            throw Canceled(e, cancellationToken);
        }
        catch (TixalloException e)
        {
            // Decided below and complete: a refusal by the client itself (a rate-limit hold or limiter), a redirect refused, a body it could not use.
            telemetry?.Stop(request, e.GetType().Name, e, e.CorrelationId ?? request.CorrelationId, e.Attempts);
            return Caught<TResult>(request, e);
        }
        catch (Exception e) when (_shared.Disposed)
        {
            telemetry?.Stop(request, "disposed", e, request.CorrelationId, request.Attempts);
            return Failed<TResult>(request, new ObjectDisposedException(nameof(TixalloClient), "The client was disposed while the call was under way."));
        }
        catch (Exception e)
        {
            var failure = Failures.NoAnswer(request, request.CorrelationId, e);
            telemetry?.Stop(request, e.GetType().Name, failure, request.CorrelationId, request.Attempts);
            return Failed<TResult>(request, failure);
        }

        if (!response.IsSuccessStatusCode && request.ErrorAnswer is { } decoded)
        {
            // The attempt decoded the error answer, with the correlation id it echoed: complete.
            response.Dispose();
            var correlationId = decoded.CorrelationId ?? request.CorrelationId;
            if (cancellationToken.IsCancellationRequested)
            {
                telemetry?.Stop(request, "canceled", null, correlationId, decoded.Attempts);
                throw Canceled(decoded, cancellationToken);
            }

            telemetry?.Stop(request, decoded.StatusCode, decoded, correlationId, decoded.Attempts);
            return Failed<TResult>(request, decoded);
        }

        // A request replaced above the SDK's handlers is not counted, nor its answer decoded, by them.
        var answer = new Answer(ResponseHeaders.EchoedCorrelationId(response.Headers) ?? request.CorrelationId, Math.Max(request.Attempts, 1));
        try
        {
            if (!response.IsSuccessStatusCode)
            {
                TixalloApiException error;
                using (response)
                {
                    // The resilience handler decodes the answer of a request it sent; a request a handler above it replaced, it did not.
                    var context = new ErrorContext(answer.CorrelationId, answer.Attempts, _shared.TimeProvider.GetUtcNow(), request.Budget);
                    error = await ErrorDecoder.DecodeAsync(response, context, cancellationToken).ConfigureAwait(false);
                }

                if (cancellationToken.IsCancellationRequested)
                {
                    throw Canceled(error, cancellationToken);
                }

                telemetry?.Stop(request, response.StatusCode, error, answer.CorrelationId, answer.Attempts);
                return Failed<TResult>(request, error);
            }

            if (!request.StreamsResponse && response.Content is not BufferedContent)
            {
                response.Content = await BufferedContent.ReadAsync(response.Content, request.MaxResponseContentBytes, cancellationToken).ConfigureAwait(false);
            }

            cancellationToken.ThrowIfCancellationRequested();
            var result = onSuccess(response, request, answer, state);
            telemetry?.Stop(request, response.StatusCode, null, answer.CorrelationId, answer.Attempts);
            return result;
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested)
        {
            response.Dispose();
            telemetry?.Stop(request, "canceled", null, answer.CorrelationId, answer.Attempts);
            throw Canceled(e, cancellationToken);
        }
        catch (ResponseBodyException e)
        {
            var failure = Failures.UnusableBody(request, response.StatusCode, answer.CorrelationId, answer.Attempts, e);
            telemetry?.Stop(request, response.StatusCode, failure, answer.CorrelationId, answer.Attempts);
            return Failed<TResult>(request, failure);
        }
        catch (Exception e)
        {
            telemetry?.Stop(request, response.StatusCode, e, answer.CorrelationId, answer.Attempts);
            return Caught<TResult>(request, e);
        }
    }

    /// <summary>The caller's cancellation, with what the call met when it came (if that was not the cancellation itself) as the inner exception.</summary>
    private static OperationCanceledException Canceled(Exception seen, CancellationToken cancellationToken) =>
        seen as OperationCanceledException is { } canceled && canceled.CancellationToken == cancellationToken
            ? canceled
            : new OperationCanceledException("The call was canceled.", seen, cancellationToken);

    private static T ReadJson<T>(HttpResponseMessage response, TixalloRequest request, Answer answer, JsonTypeInfo<T> type)
    {
        using (response)
        {
            try
            {
                return JsonSerializer.Deserialize(Utf8Json((BufferedContent)response.Content), type)
                    ?? throw Failures.InvalidResponse(response.StatusCode, "The response body was JSON null.", answer.CorrelationId, answer.Attempts, null);
            }
            catch (JsonException e)
            {
                throw Failures.InvalidResponse(response.StatusCode, "The response body was not the JSON the API documents: " + e.Message, answer.CorrelationId, answer.Attempts, e);
            }
        }
    }

    /// <summary>The body as UTF-8 without a byte order mark: JSON is UTF-8, but a <c>charset</c> the runtime knows is honoured.</summary>
    private static ReadOnlySpan<byte> Utf8Json(BufferedContent body)
    {
        var encoding = body.Encoding;
        var bytes = body.Bytes.Span;
        if (encoding.CodePage is 65001 or 20127)
        {
            return bytes.StartsWith(Encoding.UTF8.Preamble) ? bytes[Encoding.UTF8.Preamble.Length..] : bytes;
        }

        return Encoding.UTF8.GetBytes(encoding.GetString(bytes));
    }

    /// <summary>What the transport learned from the answer: the id the server echoed (else the one sent), and the attempts made.</summary>
    private readonly record struct Answer(string CorrelationId, int Attempts);

    /// <summary>Ends a call with a failure made here, never thrown: the caller's task gets it.</summary>
    private static TResult? Failed<TResult>(TixalloRequest request, Exception failure)
    {
        request.Failure = failure;
        return default;
    }

    /// <summary>Ends a call with a failure thrown below and caught here, so it has a stack trace to keep.</summary>
    private static TResult? Caught<TResult>(TixalloRequest request, Exception thrown)
    {
        request.Failure = thrown;
        request.FailureWasThrown = true;
        return default;
    }

    /// <summary>What a client and all its views share.</summary>
    private sealed class Shared(HttpClient http, TimeProvider timeProvider, ILogger logger, Func<string>? correlationIdGenerator, Uri baseAddress)
    {
        public HttpClient Http { get; } = http;

        public TimeProvider TimeProvider { get; } = timeProvider;

        public ILogger Logger { get; } = logger;

        public Func<string>? CorrelationIdGenerator { get; } = correlationIdGenerator;

        public Uri BaseAddress { get; } = baseAddress;

        private volatile bool _disposed;

        public bool Disposed
        {
            get => _disposed;
            set => _disposed = value;
        }
    }
}
