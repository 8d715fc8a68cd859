using System.Net;

namespace Tixallo.Client.Errors;

/// <summary>Everything decoded from one error response; the state behind a <see cref="TixalloApiException"/>.</summary>
internal sealed record ApiError
{
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoFieldErrors =
        new Dictionary<string, IReadOnlyList<string>>(0);

    public static readonly IReadOnlyDictionary<string, string> NoParams = new Dictionary<string, string>(0);

    public required HttpStatusCode StatusCode { get; init; }

    public required string ErrorCode { get; init; }

    public required string Message { get; init; }

    public TixalloErrorShape Shape { get; init; }

    public IReadOnlyDictionary<string, IReadOnlyList<string>> FieldErrors { get; init; } = NoFieldErrors;

    public IReadOnlyList<string> FormErrors { get; init; } = [];

    public string? LocalizationKey { get; init; }

    public IReadOnlyDictionary<string, string> LocalizationParams { get; init; } = NoParams;

    public string RawBody { get; init; } = string.Empty;

    public bool IsRawBodyTruncated { get; init; }

    public TimeSpan? RetryAfter { get; init; }

    public int? Limit { get; init; }

    public TimeSpan? Window { get; init; }

    public string? TicketId { get; init; }

    public TixalloRateLimitScope Scope { get; init; }

    /// <summary>True when the client refused the call without sending it (a rate-limit hold or limiter).</summary>
    public bool IsClientSide { get; init; }

    /// <summary>The call's correlation id: the one the server echoed, else the one sent.</summary>
    public string? CorrelationId { get; init; }

    public int Attempts { get; init; }

    /// <summary>The state of an exception a caller builds by hand (for example in a test double).</summary>
    public static ApiError FromMessage(HttpStatusCode statusCode, string message, string errorCode) => new()
    {
        StatusCode = statusCode,
        ErrorCode = errorCode,
        Message = message,
    };
}
