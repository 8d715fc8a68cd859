using System.Net;

namespace Tixallo.Client.Errors;

/// <summary>Everything decoded from one error response; the state behind a <see cref="TixalloApiException"/>.</summary>
/// <remarks>
/// What few errors carry (field errors, a localisation key, a rate limit's particulars, a merged ticket's id) lives in
/// one shared <see cref="Specifics"/> until an error sets it: a 404 or a 500 is 72 bytes smaller for it.
/// </remarks>
internal sealed record ApiError
{
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoFieldErrors =
        new Dictionary<string, IReadOnlyList<string>>(0);

    public static readonly IReadOnlyDictionary<string, string> NoParams = new Dictionary<string, string>(0);

    // Immutable, so a copy made with `with` may share it; setting a value that differs makes a new one.
    private Specifics _specifics = Specifics.None;

    public required HttpStatusCode StatusCode { get; init; }

    public required string ErrorCode { get; init; }

    public required string Message { get; init; }

    public TixalloErrorShape Shape { get; init; }

    public string RawBody { get; init; } = string.Empty;

    public bool IsRawBodyTruncated { get; init; }

    /// <summary>The call's correlation id: the one the server echoed, else the one sent.</summary>
    public string? CorrelationId { get; init; }

    public int Attempts { get; init; }

    public IReadOnlyDictionary<string, IReadOnlyList<string>> FieldErrors
    {
        get => _specifics.FieldErrors;
        init
        {
            if (!ReferenceEquals(value, _specifics.FieldErrors))
            {
                _specifics = _specifics with { FieldErrors = value };
            }
        }
    }

    public IReadOnlyList<string> FormErrors
    {
        get => _specifics.FormErrors;
        init
        {
            if (value.Count != 0 || _specifics.FormErrors.Count != 0)
            {
                _specifics = _specifics with { FormErrors = value };
            }
        }
    }

    public string? LocalizationKey
    {
        get => _specifics.LocalizationKey;
        init
        {
            if (value != _specifics.LocalizationKey)
            {
                _specifics = _specifics with { LocalizationKey = value };
            }
        }
    }

    public IReadOnlyDictionary<string, string> LocalizationParams
    {
        get => _specifics.LocalizationParams;
        init
        {
            if (!ReferenceEquals(value, _specifics.LocalizationParams))
            {
                _specifics = _specifics with { LocalizationParams = value };
            }
        }
    }

    public TimeSpan? RetryAfter
    {
        get => _specifics.RetryAfter;
        init
        {
            if (value != _specifics.RetryAfter)
            {
                _specifics = _specifics with { RetryAfter = value };
            }
        }
    }

    public int? Limit
    {
        get => _specifics.Limit;
        init
        {
            if (value != _specifics.Limit)
            {
                _specifics = _specifics with { Limit = value };
            }
        }
    }

    public TimeSpan? Window
    {
        get => _specifics.Window;
        init
        {
            if (value != _specifics.Window)
            {
                _specifics = _specifics with { Window = value };
            }
        }
    }

    public string? TicketId
    {
        get => _specifics.TicketId;
        init
        {
            if (value != _specifics.TicketId)
            {
                _specifics = _specifics with { TicketId = value };
            }
        }
    }

    public TixalloRateLimitScope Scope
    {
        get => _specifics.Scope;
        init
        {
            if (value != _specifics.Scope)
            {
                _specifics = _specifics with { Scope = value };
            }
        }
    }

    /// <summary>True when the client refused the call without sending it (a rate-limit hold or limiter).</summary>
    public bool IsClientSide
    {
        get => _specifics.IsClientSide;
        init
        {
            if (value != _specifics.IsClientSide)
            {
                _specifics = _specifics with { IsClientSide = value };
            }
        }
    }

    /// <summary>The state of an exception a caller builds by hand (for example in a test double).</summary>
    public static ApiError FromMessage(HttpStatusCode statusCode, string message, string errorCode) => new()
    {
        StatusCode = statusCode,
        ErrorCode = errorCode,
        Message = message,
    };

    /// <summary>What few errors carry; <see cref="None"/> for the rest.</summary>
    private sealed record Specifics
    {
        public static readonly Specifics None = new();

        public IReadOnlyDictionary<string, IReadOnlyList<string>> FieldErrors { get; init; } = NoFieldErrors;

        public IReadOnlyList<string> FormErrors { get; init; } = [];

        public string? LocalizationKey { get; init; }

        public IReadOnlyDictionary<string, string> LocalizationParams { get; init; } = NoParams;

        public TimeSpan? RetryAfter { get; init; }

        public int? Limit { get; init; }

        public TimeSpan? Window { get; init; }

        public string? TicketId { get; init; }

        public TixalloRateLimitScope Scope { get; init; }

        public bool IsClientSide { get; init; }
    }
}
