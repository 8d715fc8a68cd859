using System.Net;
using Tixallo.Client.Errors;
using Tixallo.Client.Platform;

namespace Tixallo.Client;

/// <summary>
/// Builds any exception of the SDK's hierarchy with every property set, as the SDK would throw it, so that your tests
/// of a catch ladder (or a mock of <see cref="ITicketsClient"/>) need no server.
/// </summary>
/// <example>
/// <code>
/// tickets.GetAsync("tkt_1", Arg.Any&lt;CancellationToken&gt;()).ThrowsAsync(
///     TixalloExceptionFactory.ApiException(HttpNames.TooManyRequests, retryAfter: TimeSpan.FromSeconds(30), correlationId: "corr-1"));
/// </code>
/// </example>
public static class TixalloExceptionFactory
{
    /// <summary>
    /// The exception the SDK throws for an error answer: the same subtype it would pick (by status; 400 with field
    /// errors or 422 is a <see cref="TixalloValidationException"/>; <c>ticket_merged</c>, or a 409 with a ticket id, is a
    /// <see cref="TixalloTicketMergedException"/>; 429 a <see cref="TixalloRateLimitException"/>; …).
    /// </summary>
    /// <param name="statusCode">The status the server answered with.</param>
    /// <param name="message">The message; a default naming the status when null.</param>
    /// <param name="errorCode">The error code; the one the SDK derives from the status when null.</param>
    /// <param name="fieldErrors">Validation errors per field.</param>
    /// <param name="formErrors">Validation errors about the request as a whole.</param>
    /// <param name="localizationKey">The localised shape's key.</param>
    /// <param name="localizationParams">The localised shape's parameters.</param>
    /// <param name="errorShape">The body shape the error came in.</param>
    /// <param name="rawBody">The body as text; cut to <see cref="TixalloApiException.MaxRawBodyLength"/> (then marked truncated).</param>
    /// <param name="retryAfter">The wait the server asked for.</param>
    /// <param name="limit">A rate limit's request count.</param>
    /// <param name="window">A rate limit's window.</param>
    /// <param name="ticketId">For a merged ticket, the ticket the request was aimed at.</param>
    /// <param name="rateLimitScope">For a 429, which limit answered.</param>
    /// <param name="isClientSide">For a 429, true when the client refused without sending (then the code is <c>rate_limited_client_side</c>).</param>
    /// <param name="correlationId">The call's correlation id.</param>
    /// <param name="attempts">How many attempts the call made.</param>
    /// <returns>The exception, of the subtype the SDK would throw.</returns>
    public static TixalloApiException ApiException(
        HttpStatusCode statusCode,
        string? message = null,
        string? errorCode = null,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? fieldErrors = null,
        IReadOnlyList<string>? formErrors = null,
        string? localizationKey = null,
        IReadOnlyDictionary<string, string>? localizationParams = null,
        TixalloErrorShape errorShape = TixalloErrorShape.Legacy,
        string? rawBody = null,
        TimeSpan? retryAfter = null,
        int? limit = null,
        TimeSpan? window = null,
        string? ticketId = null,
        TixalloRateLimitScope rateLimitScope = TixalloRateLimitScope.Unknown,
        bool isClientSide = false,
        string? correlationId = null,
        int attempts = 1)
    {
        var status = (int)statusCode;
        var hasFieldErrors = fieldErrors is { Count: > 0 };
        var derivedCode = status == 429 && isClientSide ? ErrorCodes.RateLimitedClientSide
            : status == 409 && ticketId is not null ? ErrorCodes.TicketMerged
            : status == 400 && hasFieldErrors ? ErrorCodes.ValidationError
            : ErrorCodes.ForStatus(statusCode);
        var body = rawBody ?? string.Empty;
        var error = new ApiError
        {
            StatusCode = statusCode,
            ErrorCode = errorCode ?? derivedCode,
            Message = message ?? ErrorDecoder.DefaultMessage(statusCode, errorShape, correlationId),
            Shape = errorShape,
            RawBody = body.Length > TixalloApiException.MaxRawBodyLength ? body[..TixalloApiException.MaxRawBodyLength] : body,
            IsRawBodyTruncated = body.Length > TixalloApiException.MaxRawBodyLength,
            CorrelationId = correlationId,
            Attempts = attempts,
            Specifics = ErrorSpecifics.Of(fieldErrors, formErrors, localizationKey, localizationParams, retryAfter, limit, window, ticketId, rateLimitScope, isClientSide),
        };
        return ErrorDecoder.Create(error, hasFieldErrors);
    }

    /// <summary>The exception of a call that got no usable response (a lost connection, a refusing policy of yours).</summary>
    /// <param name="message">What went wrong; a default when null.</param>
    /// <param name="innerException">The transport error behind it.</param>
    /// <param name="requestMayHaveBeenProcessed">Whether the server may have applied the request.</param>
    /// <param name="correlationId">The call's correlation id.</param>
    /// <param name="attempts">How many attempts the call made.</param>
    /// <returns>The exception.</returns>
    public static TixalloConnectionException ConnectionException(
        string? message = null,
        Exception? innerException = null,
        bool requestMayHaveBeenProcessed = false,
        string? correlationId = null,
        int attempts = 1) =>
        new(message ?? $"The call failed after {attempts} attempt(s).", correlationId, attempts, requestMayHaveBeenProcessed, innerException);

    /// <summary>The exception of a call that ran out of time.</summary>
    /// <param name="message">What went wrong; a default when null.</param>
    /// <param name="innerException">The timeout behind it.</param>
    /// <param name="requestMayHaveBeenProcessed">Whether the server may have applied the request (true for an attempt that timed out once sent).</param>
    /// <param name="correlationId">The call's correlation id.</param>
    /// <param name="attempts">How many attempts the call made.</param>
    /// <returns>The exception.</returns>
    public static TixalloTimeoutException TimeoutException(
        string? message = null,
        Exception? innerException = null,
        bool requestMayHaveBeenProcessed = true,
        string? correlationId = null,
        int attempts = 1) =>
        new(message ?? $"The call timed out after {attempts} attempt(s).", correlationId, attempts, requestMayHaveBeenProcessed, innerException);
}
