using System.Net;

namespace Tixallo.Client.Errors;

/// <summary>Everything decoded from one error response; the state behind a <see cref="TixalloApiException"/>.</summary>
internal sealed record ApiError
{
    public required HttpStatusCode StatusCode { get; init; }

    public required string ErrorCode { get; init; }

    public required string Message { get; init; }

    public TixalloErrorShape Shape { get; init; }

    public string RawBody { get; init; } = string.Empty;

    public bool IsRawBodyTruncated { get; init; }

    /// <summary>The call's correlation id: the one the server echoed, else the one sent.</summary>
    public string? CorrelationId { get; init; }

    public int Attempts { get; init; }

    /// <summary>What few errors carry; <see cref="ErrorSpecifics.None"/> for the rest.</summary>
    public ErrorSpecifics Specifics { get; init; } = ErrorSpecifics.None;

    public IReadOnlyDictionary<string, IReadOnlyList<string>> FieldErrors => Specifics.FieldErrors;

    public IReadOnlyList<string> FormErrors => Specifics.FormErrors;

    public string? LocalizationKey => Specifics.LocalizationKey;

    public IReadOnlyDictionary<string, string> LocalizationParams => Specifics.LocalizationParams;

    public TimeSpan? RetryAfter => Specifics.RetryAfter;

    public int? Limit => Specifics.Limit;

    public TimeSpan? Window => Specifics.Window;

    public string? TicketId => Specifics.TicketId;

    public TixalloRateLimitScope Scope => Specifics.Scope;

    public bool IsClientSide => Specifics.IsClientSide;

    /// <summary>The state of an exception a caller builds by hand (for example in a test double).</summary>
    public static ApiError FromMessage(HttpStatusCode statusCode, string message, string errorCode) => new()
    {
        StatusCode = statusCode,
        ErrorCode = errorCode,
        Message = message,
    };
}
