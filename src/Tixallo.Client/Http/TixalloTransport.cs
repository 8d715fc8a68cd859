using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Polly.Timeout;
using Tixallo.Client.Diagnostics;
using Tixallo.Client.Errors;
using Tixallo.Client.Resilience;

namespace Tixallo.Client.Http;

/// <summary>
/// The one place that sends a call and turns its outcome into a model or a typed exception. Once per call it fixes
/// the <c>x-correlation-id</c> and the call's limits on the request, and observes the call (activity, metrics);
/// the handlers below decide about retries, timeouts and authentication per attempt.
/// </summary>
internal sealed class TixalloTransport
{
    private readonly Shared _shared;
    private readonly TimeSpan _attemptTimeout;
    private readonly TimeSpan _totalTimeout;
    private readonly int _maxRetries;
    private readonly long _maxResponseContentBytes;
    private readonly string? _correlationId;
    private readonly KeyValuePair<string, string>[] _headers;

    /// <param name="http">The client whose handlers are the SDK's.</param>
    /// <param name="options">The client's options, validated; read once, so a later change to them has no effect.</param>
    /// <param name="logger">Where failed calls are logged.</param>
    public TixalloTransport(HttpClient http, TixalloClientOptions options, ILogger logger)
    {
        _shared = new Shared(http, options.TimeProvider, logger, options.CorrelationIdGenerator, TixalloPipeline.NormalizeBaseAddress(options.BaseAddress));
        _attemptTimeout = options.AttemptTimeout;
        _totalTimeout = options.TotalTimeout;
        _maxRetries = options.Retry.MaxRetries;
        _maxResponseContentBytes = options.MaxResponseContentBytes;
        _headers = [];
    }

    /// <summary>A view: the same connections, pipeline and disposal, with <paramref name="options"/> over <paramref name="parent"/>'s settings.</summary>
    private TixalloTransport(TixalloTransport parent, TixalloRequestOptions options)
    {
        _shared = parent._shared;
        _attemptTimeout = options.AttemptTimeout ?? parent._attemptTimeout;
        _totalTimeout = options.TotalTimeout ?? parent._totalTimeout;
        _maxRetries = options.MaxRetries ?? parent._maxRetries;
        _maxResponseContentBytes = parent._maxResponseContentBytes;
        _correlationId = options.CorrelationId ?? parent._correlationId;
        _headers = [.. parent._headers.Where(h => options.Headers?.ContainsKey(h.Key) != true), .. options.Headers ?? new Dictionary<string, string>()];
    }

    /// <summary>The API's base address, ending in a slash.</summary>
    public Uri BaseAddress => _shared.BaseAddress;

    /// <summary>A transport for a view of the client (<see cref="ITixalloClient.WithOptions"/>); <paramref name="options"/> are validated.</summary>
    public TixalloTransport With(TixalloRequestOptions options) => new(this, options);

    /// <summary>The absolute URI of a path relative to the base address (ids already escaped).</summary>
    public Uri UriOf(string path) => new(_shared.BaseAddress.AbsoluteUri + path, UriKind.Absolute); // one parse, cheaper than combining two URIs; Uri caches AbsoluteUri

    /// <summary>From now on, a call (of any view) that fails because the client's connections were released reports that, not a timeout.</summary>
    public void MarkDisposed() => _shared.Disposed = true;

    /// <summary>Sends a call and reads a JSON body of <typeparamref name="T"/>.</summary>
    public Task<T> SendAsync<T>(TixalloRequest request, JsonTypeInfo<T> responseType, CancellationToken cancellationToken) =>
        SendCoreAsync(request, responseType, static (response, request, type) => ReadJson(response, request, type), cancellationToken);

    /// <summary>Sends a call whose success has no body (204).</summary>
    public Task SendAsync(TixalloRequest request, CancellationToken cancellationToken) =>
        SendCoreAsync(request, 0, static (response, _, _) =>
        {
            response.Dispose();
            return 0;
        }, cancellationToken);

    /// <summary>Sends a call and hands back the body as a stream read from the network as the caller reads it.</summary>
    public async Task<AttachmentStream> DownloadAsync(TixalloRequest request, CancellationToken cancellationToken)
    {
        var response = await SendCoreAsync(request, 0, static (response, _, _) => response, cancellationToken).ConfigureAwait(false);
        try
        {
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return new AttachmentStream(body, response, request.CorrelationId, request.Attempts, request.AttemptTimeout, _shared.TimeProvider);
        }
        catch (Exception e)
        {
            response.Dispose();
            throw cancellationToken.IsCancellationRequested ? Canceled(e, cancellationToken) : ConnectionFailure(request, e);
        }
    }

    private async Task<TResult> SendCoreAsync<TResult, TState>(
        TixalloRequest request,
        TState state,
        Func<HttpResponseMessage, TixalloRequest, TState, TResult> onSuccess,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Prepare(request);
        var telemetry = CallTelemetry.Start(request, _shared.TimeProvider, _shared.Logger);
        HttpResponseMessage response;
        try
        {
            response = await _shared.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested)
        {
            // Cancelled before the call returned: that is the outcome, whatever the last attempt met on the way.
            telemetry?.Stop(request, "canceled", null);
            throw Canceled(e, cancellationToken);
        }
        catch (TixalloException e)
        {
            // Refused by the client itself (a rate-limit hold or limiter), or a redirect refused: already typed and complete.
            telemetry?.Stop(request, e.GetType().Name, e);
            throw;
        }
        catch (Exception e) when (_shared.Disposed)
        {
            telemetry?.Stop(request, "disposed", e);
            throw new ObjectDisposedException(nameof(TixalloClient), "The client was disposed while the call was under way.");
        }
        catch (Exception e)
        {
            var failure = ConnectionFailure(request, e);
            telemetry?.Stop(request, e.GetType().Name, failure);
            throw failure;
        }

        request.CorrelationId = ResponseHeaders.EchoedCorrelationId(response.Headers) ?? request.CorrelationId;
        request.Attempts = Math.Max(request.Attempts, 1); // a request replaced above the SDK's handlers is not counted by them
        try
        {
            if (!response.IsSuccessStatusCode)
            {
                using (response)
                {
                    throw await DecodeErrorAsync(response, request, cancellationToken).ConfigureAwait(false);
                }
            }

            if (!request.StreamsResponse && response.Content is not BufferedContent)
            {
                // A handler above the SDK's replaced the request, so the resilience handler passed it through unread.
                response.Content = await BufferedContent.ReadAsync(response.Content, request.MaxResponseContentBytes, truncate: false, cancellationToken).ConfigureAwait(false);
            }

            cancellationToken.ThrowIfCancellationRequested();
            var result = onSuccess(response, request, state);
            telemetry?.Stop(request, response.StatusCode, null);
            return result;
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested)
        {
            response.Dispose();
            telemetry?.Stop(request, "canceled", null);
            throw Canceled(e, cancellationToken);
        }
        catch (Exception e)
        {
            telemetry?.Stop(request, response.StatusCode, e);
            throw;
        }
    }

    /// <summary>The caller's cancellation, with what the call met when it came (if that was not the cancellation itself) as the inner exception.</summary>
    private static OperationCanceledException Canceled(Exception seen, CancellationToken cancellationToken) =>
        seen as OperationCanceledException is { } canceled && canceled.CancellationToken == cancellationToken
            ? canceled
            : new OperationCanceledException("The call was canceled.", seen, cancellationToken);

    /// <summary>Fixes what is the same for every attempt of the call: its correlation id and its limits.</summary>
    private void Prepare(TixalloRequest request)
    {
        var correlationId = _correlationId
            ?? TixalloCorrelation.Current
            ?? (_shared.CorrelationIdGenerator is { } generator
                ? CorrelationIds.Validate(generator(), nameof(TixalloClientOptions.CorrelationIdGenerator))
                : CorrelationIds.New());
        request.Headers.TryAddWithoutValidation(CorrelationIds.HeaderName, correlationId);
        foreach (var (name, value) in _headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        request.CorrelationId = correlationId;
        request.AttemptTimeout = _attemptTimeout;
        request.TotalTimeout = _totalTimeout;
        request.MaxRetries = _maxRetries;
        request.MaxResponseContentBytes = _maxResponseContentBytes;
    }

    private async ValueTask<TixalloApiException> DecodeErrorAsync(HttpResponseMessage response, TixalloRequest request, CancellationToken cancellationToken)
    {
        // The resilience handler has read the body already; a request a handler above it replaced has not.
        using var body = response.Content as BufferedContent
            ?? await BufferedContent.ReadAsync(response.Content, ErrorDecoder.MaxBodyBytes, truncate: true, cancellationToken).ConfigureAwait(false);
        return ErrorDecoder.Decode(
            response.StatusCode,
            response.Headers,
            ResponseHeaders.CharsetOf(body.ContentType),
            body.Bytes,
            body.IsTruncated,
            new ErrorContext(request.CorrelationId, request.Attempts, _shared.TimeProvider.GetUtcNow(), request.Budget));
    }

    private static T ReadJson<T>(HttpResponseMessage response, TixalloRequest request, JsonTypeInfo<T> type)
    {
        using (response)
        {
            var body = (BufferedContent)response.Content;
            if (body.IsTooLarge)
            {
                throw new TixalloApiException(new ApiError
                {
                    StatusCode = response.StatusCode,
                    ErrorCode = ErrorCodes.ResponseTooLarge,
                    Message = $"The response body ({body.DeclaredLength?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "more than the limit of"} bytes) " +
                        $"is over MaxResponseContentBytes ({request.MaxResponseContentBytes} bytes); it was not read further.",
                    CorrelationId = request.CorrelationId,
                    Attempts = request.Attempts,
                });
            }

            if (body.ReadError is { } readError)
            {
                throw InvalidResponse(response, request, "The response body could not be decoded in its Content-Encoding.", readError);
            }

            try
            {
                return JsonSerializer.Deserialize(Utf8Json(body), type)
                    ?? throw InvalidResponse(response, request, "The response body was JSON null.", null);
            }
            catch (JsonException e)
            {
                throw InvalidResponse(response, request, "The response body was not the JSON the API documents: " + e.Message, e);
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

    private static TixalloApiException InvalidResponse(HttpResponseMessage response, TixalloRequest request, string message, Exception? inner) =>
        new(new ApiError
        {
            StatusCode = response.StatusCode,
            ErrorCode = ErrorCodes.InvalidResponse,
            Message = message,
            CorrelationId = request.CorrelationId,
            Attempts = request.Attempts,
        }, inner);

    private static TixalloConnectionException ConnectionFailure(TixalloRequest request, Exception e)
    {
        var failure = RetryPolicy.Classify(e);
        var mayHaveBeenProcessed = failure == AttemptFailure.MayHaveBeenProcessed;
        return failure switch
        {
            _ when e is TimeoutRejectedException timeout => new TixalloTimeoutException(
                $"The call timed out after {request.Attempts} attempt(s) (attempt timeout {timeout.Timeout}, total {request.TotalTimeout}).",
                request.CorrelationId, request.Attempts, mayHaveBeenProcessed, e),
            AttemptFailure.Tls => new TixalloConnectionException(
                $"The TLS connection to the API could not be established after {request.Attempts} attempt(s): {e.Message} " +
                "Nothing the server could read was sent; a certificate or protocol failure does not heal, so it was not retried.",
                request.CorrelationId, request.Attempts, requestMayHaveBeenProcessed: false, e),
            AttemptFailure.RequestBody => new TixalloConnectionException(
                $"Reading the request body from your stream failed: {BodyFailure(e).Message} The server never got a complete request, " +
                "and the stream was not read again.",
                request.CorrelationId, request.Attempts, requestMayHaveBeenProcessed: false, BodyFailure(e)),
            _ => new TixalloConnectionException(
                $"The call failed after {request.Attempts} attempt(s): {e.Message}",
                request.CorrelationId, request.Attempts, mayHaveBeenProcessed, e),
        };
    }

    /// <summary>What the caller's body stream threw, under the transport's wrapping.</summary>
    private static Exception BodyFailure(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is RequestBodyException body)
            {
                return body.InnerException!;
            }
        }

        return e;
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
