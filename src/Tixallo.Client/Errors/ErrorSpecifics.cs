namespace Tixallo.Client.Errors;

/// <summary>
/// What few errors carry: field and form errors, a localisation key and its parameters, the wait asked for, a rate
/// limit's particulars, a merged ticket's id, a refusal by the client. The rest share <see cref="None"/>, so a 404's
/// or a 500's decoded error is 80 bytes smaller.
/// </summary>
internal sealed record ErrorSpecifics
{
    // Static fields initialise in this order: the empty collections first, as None holds them.
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoFieldErrors =
        new Dictionary<string, IReadOnlyList<string>>(0);

    public static readonly IReadOnlyDictionary<string, string> NoParams = new Dictionary<string, string>(0);

    /// <summary>Nothing specific: every value its default.</summary>
    public static readonly ErrorSpecifics None = new();

    /// <summary>Validation errors per field; empty when there are none.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> FieldErrors { get; init; } = NoFieldErrors;

    /// <summary>Errors about the request as a whole; empty when there are none.</summary>
    public IReadOnlyList<string> FormErrors { get; init; } = [];

    /// <summary>The localised shape's message key.</summary>
    public string? LocalizationKey { get; init; }

    /// <summary>The localised shape's parameters; empty when there are none.</summary>
    public IReadOnlyDictionary<string, string> LocalizationParams { get; init; } = NoParams;

    /// <summary>The wait the answer asked for (<c>Retry-After</c>, <c>retry-after-ms</c>).</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>A rate limit's number of requests per window.</summary>
    public int? Limit { get; init; }

    /// <summary>A rate limit's window.</summary>
    public TimeSpan? Window { get; init; }

    /// <summary>The merged ticket a request was aimed at.</summary>
    public string? TicketId { get; init; }

    /// <summary>Which rate limit a 429 hit.</summary>
    public TixalloRateLimitScope Scope { get; init; }

    /// <summary>True when the client refused the call without sending it (a rate-limit hold or limiter).</summary>
    public bool IsClientSide { get; init; }

    /// <summary>These values as specifics: <see cref="None"/> when every one is absent, so an ordinary error allocates none.</summary>
    public static ErrorSpecifics Of(
        IReadOnlyDictionary<string, IReadOnlyList<string>>? fieldErrors,
        IReadOnlyList<string>? formErrors,
        string? localizationKey,
        IReadOnlyDictionary<string, string>? localizationParams,
        TimeSpan? retryAfter,
        int? limit,
        TimeSpan? window,
        string? ticketId,
        TixalloRateLimitScope scope,
        bool isClientSide)
    {
        var nothing = fieldErrors is null && formErrors is null && localizationKey is null && localizationParams is null
            && retryAfter is null && limit is null && window is null && ticketId is null
            && scope == TixalloRateLimitScope.Unknown && !isClientSide;
        return nothing ? None : new ErrorSpecifics
        {
            FieldErrors = fieldErrors ?? NoFieldErrors,
            FormErrors = formErrors ?? [],
            LocalizationKey = localizationKey,
            LocalizationParams = localizationParams ?? NoParams,
            RetryAfter = retryAfter,
            Limit = limit,
            Window = window,
            TicketId = ticketId,
            Scope = scope,
            IsClientSide = isClientSide,
        };
    }
}
