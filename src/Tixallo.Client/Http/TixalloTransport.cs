using System.Buffers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Polly.Timeout;

namespace Tixallo.Client.Http;

/// <summary>
/// The one place that sends a request and turns the outcome into a model or a typed exception. Resource
/// clients build requests; the handlers below decide about correlation, retries and timeouts.
/// </summary>
internal sealed class TixalloTransport(HttpClient httpClient, Uri baseAddress, TimeProvider timeProvider)
{
    /// <summary>Sends a request and reads a JSON body of <typeparamref name="T"/>.</summary>
    public async Task<T> SendAsync<T>(ApiRequest request, JsonTypeInfo<T> responseType, CancellationToken cancellationToken)
    {
        var (response, state) = await SendCoreAsync(request, cancellationToken).ConfigureAwait(false);
        using (response)
        {
            try
            {
                var result = await response.Content.ReadFromJsonAsync(responseType, cancellationToken).ConfigureAwait(false);
                return result ?? throw InvalidResponse(response, state, "The response body was JSON null.", null);
            }
            catch (JsonException e)
            {
                throw InvalidResponse(response, state, "The response body was not the JSON the API documents.", e);
            }
        }
    }

    /// <summary>Sends a request whose success has no body (204).</summary>
    public async Task SendAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var (response, _) = await SendCoreAsync(request, cancellationToken).ConfigureAwait(false);
        response.Dispose();
    }

    /// <summary>Sends a request and hands back the response body as a stream read from the network, not buffered.</summary>
    public async Task<Stream> SendForStreamAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var (response, state) = await SendCoreAsync(request with { BufferResponse = false }, cancellationToken).ConfigureAwait(false);
        try
        {
            // Disposing the stream releases the connection; the response holds nothing else.
            return await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            response.Dispose();
            throw Failure(state, "The response body could not be read.", e);
        }
    }

    private async Task<(HttpResponseMessage Response, CallState State)> SendCoreAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // Not disposed: that would dispose an upload's stream, which stays the caller's; JSON bodies are plain byte arrays.
        var state = new CallState(request.Method, new Uri(baseAddress, request.Path))
        {
            Operation = request.Operation,
            BufferResponse = request.BufferResponse,
            CanRetry = request.CanRetry,
            Content = request.Content,
        };
        HttpResponseMessage response;
        try
        {
            response = await httpClient.SendAsync(state, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (TimeoutRejectedException e)
        {
            throw Failure(state, $"The call timed out after {state.Attempts} attempt(s) (timeout {e.Timeout}).", e, timeout: true);
        }
        catch (OperationCanceledException e)
        {
            throw Failure(state, $"The call timed out after {state.Attempts} attempt(s).", e, timeout: true);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw Failure(state, $"The call failed after {state.Attempts} attempt(s): {e.Message}", e);
        }

        if (response.IsSuccessStatusCode)
        {
            return (response, state);
        }

        using (response)
        {
            throw await DecodeErrorAsync(response, state, request.MessageTicketId, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<Exception> DecodeErrorAsync(HttpResponseMessage response, CallState state, string? messageTicketId, CancellationToken cancellationToken)
    {
        // One byte past the cap tells a body that was cut from one that just fits. Sized from Content-Length
        // (the body is usually buffered already) and pooled: error bodies are small, and errors can come in bursts.
        var limit = ErrorDecoder.MaxBodyBytes + 1;
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(limit, (response.Content.Headers.ContentLength ?? 4096) + 1));
        var length = 0;
        try
        {
            try
            {
                using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                int read;
                while (length < limit && (read = await stream.ReadAsync(buffer.AsMemory(length, Math.Min(buffer.Length, limit) - length), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    length += read;
                    if (length == buffer.Length && length < limit)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(Math.Min(limit, buffer.Length * 2));
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                }
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                // The status is known even when the body broke off: decode what arrived.
            }

            var cut = length > ErrorDecoder.MaxBodyBytes;
            var context = new ErrorContext(CorrelationIds.Of(response, state), state.Attempts, timeProvider.GetUtcNow(), messageTicketId);
            return ErrorDecoder.Decode(
                response.StatusCode,
                response.Headers,
                response.Content.Headers.ContentType?.CharSet,
                buffer.AsMemory(0, cut ? ErrorDecoder.MaxBodyBytes : length),
                cut,
                context);
        }
        finally
        {
            // The decoder keeps no reference to the bytes: the raw body is copied into a string.
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static TixalloConnectionException Failure(CallState state, string message, Exception inner, bool timeout = false)
    {
        var exception = timeout ? new TixalloTimeoutException(message, inner) : new TixalloConnectionException(message, inner);
        exception.CorrelationId = state.CorrelationId;
        exception.Attempts = state.Attempts;
        return exception;
    }

    private static TixalloApiException InvalidResponse(HttpResponseMessage response, CallState state, string message, Exception? inner)
    {
        var exception = new TixalloApiException(
            new ApiError { StatusCode = response.StatusCode, ErrorCode = ErrorCodes.InvalidResponse, Message = message },
            inner);
        exception.CorrelationId = CorrelationIds.Of(response, state);
        exception.Attempts = state.Attempts;
        return exception;
    }
}
