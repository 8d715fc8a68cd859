using System.Globalization;
using System.Net;
using Polly.Timeout;
using Tixallo.Client.Http;
using Tixallo.Client.Platform;

namespace Tixallo.Client.Errors;

/// <summary>
/// Every exception the SDK builds for a failed call, besides the decoder's for an error answer: complete when built
/// (correlation id, attempts, the cause as the inner exception), and worded in one place.
/// </summary>
internal static class Failures
{
    /// <summary>A call the client refuses without sending it (a 429's hold, the rate limiter).</summary>
    public static TixalloRateLimitException RefusedClientSide(TixalloRequest request, TimeSpan? retryAfter, TixalloRateLimitScope scope, string message) => new(new ApiError
    {
        StatusCode = HttpNames.TooManyRequests,
        ErrorCode = ErrorCodes.RateLimitedClientSide,
        Message = message + " Nothing was sent.",
        Specifics = new ErrorSpecifics { RetryAfter = retryAfter, Scope = scope, IsClientSide = true },
        CorrelationId = request.CorrelationId,
        Attempts = request.Attempts,
    });

    /// <summary>An answer that came from another URI than the call's: a redirect a handler below the SDK followed.</summary>
    public static TixalloApiException Redirected(TixalloRequest request, Uri answered, HttpStatusCode status) => new(new ApiError
    {
        StatusCode = status,
        ErrorCode = ErrorCodes.RedirectRefused,
        Message = $"The answer came from {answered.GetLeftPart(UriPartial.Path)}, not from {request.Target.GetLeftPart(UriPartial.Path)}: a handler below " +
            "the SDK followed a redirect, and another resource's answer is not the API's. It was refused; the API sends no redirects " +
            "(set AllowAutoRedirect = false on your handler).",
        CorrelationId = request.CorrelationId,
        Attempts = request.Attempts,
    });

    /// <summary>A successful body the client could not use: over <c>MaxResponseContentBytes</c>, or not in its <c>Content-Encoding</c>.</summary>
    public static TixalloApiException UnusableBody(TixalloRequest request, HttpStatusCode status, string correlationId, int attempts, ResponseBodyException e) =>
        e.IsTooLarge
            ? new(new ApiError
            {
                StatusCode = status,
                ErrorCode = ErrorCodes.ResponseTooLarge,
                Message = $"The response body ({e.Length?.ToString(CultureInfo.InvariantCulture) ?? "more than the limit of"} bytes) " +
                    $"is over MaxResponseContentBytes ({request.MaxResponseContentBytes} bytes); it was not read further.",
                CorrelationId = correlationId,
                Attempts = attempts,
            })
            : InvalidResponse(status, "The response body could not be decoded in its Content-Encoding.", correlationId, attempts, e.InnerException);

    /// <summary>A successful answer whose body is not what the API documents.</summary>
    public static TixalloApiException InvalidResponse(HttpStatusCode status, string message, string? correlationId, int attempts, Exception? inner) => new(new ApiError
    {
        StatusCode = status,
        ErrorCode = ErrorCodes.InvalidResponse,
        Message = message,
        CorrelationId = correlationId,
        Attempts = attempts,
    }, inner);

    /// <summary>No usable answer: the failure <paramref name="e"/> of the last attempt, read by <see cref="AttemptFailures.Classify"/>.</summary>
    public static TixalloConnectionException NoAnswer(TixalloRequest request, string correlationId, Exception e)
    {
        var failure = AttemptFailures.Classify(e);
        var mayHaveBeenProcessed = failure == AttemptFailure.MayHaveBeenProcessed;
        return failure switch
        {
            _ when e is TimeoutRejectedException timeout => new TixalloTimeoutException(
                $"The call timed out after {request.Attempts} attempt(s) (attempt timeout {timeout.Timeout}, total {request.TotalTimeout}).",
                correlationId, request.Attempts, mayHaveBeenProcessed, e),
            AttemptFailure.Tls => new TixalloConnectionException(
                $"The TLS connection to the API could not be established after {request.Attempts} attempt(s): {e.Message} " +
                "Nothing the server could read was sent; a certificate or protocol failure does not heal, so it was not retried.",
                correlationId, request.Attempts, requestMayHaveBeenProcessed: false, e),
            AttemptFailure.RequestBody when AttemptFailures.RequestBodyFailure(e) is { } stream => new TixalloConnectionException(
                $"Reading the request body from your stream failed: {stream.Message} The server never got a complete request, " +
                "and the stream was not read again.",
                correlationId, request.Attempts, requestMayHaveBeenProcessed: false, stream),
            _ => new TixalloConnectionException(
                $"The call failed after {request.Attempts} attempt(s): {e.Message}",
                correlationId, request.Attempts, mayHaveBeenProcessed, e),
        };
    }

    /// <summary>A download whose body broke off while the caller read it.</summary>
    public static TixalloConnectionException DownloadBrokeOff(string? correlationId, int attempts, Exception e) =>
        new($"The download broke off: {e.Message}", correlationId, attempts, AttemptFailures.MayHaveBeenProcessed(e), e);

    /// <summary>A download that sent no byte for the attempt timeout.</summary>
    public static TixalloTimeoutException DownloadStalled(string? correlationId, int attempts, TimeSpan idleTimeout, OperationCanceledException e) =>
        new($"The download stalled: no byte for {idleTimeout}.", correlationId, attempts, requestMayHaveBeenProcessed: true,
            new TimeoutRejectedException("The read timed out.", idleTimeout, e));

    /// <summary>A listing the server would keep going forever (a cursor seen before, empty pages that promise more).</summary>
    public static TixalloApiException EndlessListing(string correlationId, int attempts, string message) => new(new ApiError
    {
        StatusCode = HttpStatusCode.OK,
        ErrorCode = ErrorCodes.InvalidResponse,
        Message = message,
        CorrelationId = correlationId,
        Attempts = attempts,
    });

    /// <summary>A 409 on adding a message, the API's one documented cause of which is a merged ticket; the 409 is the inner exception.</summary>
    public static TixalloTicketMergedException TicketMerged(TixalloConflictException conflict, string ticketId) => new(conflict.Error with
    {
        ErrorCode = conflict.ErrorCode == ErrorCodes.Conflict ? ErrorCodes.TicketMerged : conflict.ErrorCode,
        Specifics = conflict.Error.Specifics with { TicketId = conflict.Error.TicketId ?? ticketId },
    }, conflict);

    /// <summary>A merge chain that loops or is too long to follow; the last merged answer is the inner exception.</summary>
    public static TixalloTicketMergedException MergeChainNotFollowed(TixalloTicketMergedException merged, string ticketId, string why, IEnumerable<string> chain) =>
        new(merged.Error with
        {
            Message = $"{why}: {string.Join(" -> ", chain)}. The message was not added.",
            Specifics = merged.Error.Specifics with { TicketId = ticketId },
        }, merged);
}
