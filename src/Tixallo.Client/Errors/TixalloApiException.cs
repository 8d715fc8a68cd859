using System.Globalization;
using System.Net;
using System.Text;
using Tixallo.Client.Errors;

namespace Tixallo.Client;

/// <summary>
/// The server answered with an error status. Branch on the subtype or on <see cref="StatusCode"/>
/// and <see cref="ErrorCode"/>, never on the message text.
/// </summary>
public class TixalloApiException : TixalloException
{
    /// <summary>Creates an API exception for a status and a message, for example in a test double.</summary>
    /// <param name="statusCode">The HTTP status the server answered with.</param>
    /// <param name="message">What went wrong.</param>
    public TixalloApiException(HttpStatusCode statusCode, string message)
        : this(ApiError.FromMessage(statusCode, message, ErrorCodes.ForStatus(statusCode)))
    {
    }

    internal TixalloApiException(ApiError error, Exception? innerException = null)
        : base(error.Message, error.CorrelationId, error.Attempts, innerException)
    {
        Error = error;
    }

    internal ApiError Error { get; }

    /// <summary>The HTTP status the server answered with.</summary>
    public HttpStatusCode StatusCode => Error.StatusCode;

    /// <summary>
    /// A stable machine-readable code: the envelope's <c>code</c> when the server sent one, else one derived
    /// from the status (<c>bad_request</c>, <c>validation_error</c>, <c>unauthorized</c>, <c>forbidden</c>,
    /// <c>not_found</c>, <c>conflict</c>, <c>ticket_merged</c>, <c>rate_limited</c>, <c>server_error</c>,
    /// <c>http_NNN</c> for other statuses, <c>invalid_response</c> for a success the client could not read).
    /// </summary>
    public string ErrorCode => Error.ErrorCode;

    /// <summary>Validation errors per field (wire field names, e.g. <c>customer_email</c>); empty, never null.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> FieldErrors => Error.FieldErrors;

    /// <summary>Validation errors about the request as a whole; empty, never null.</summary>
    public IReadOnlyList<string> FormErrors => Error.FormErrors;

    /// <summary>The localisation key of the localised error shape (e.g. <c>api-errors.ticketNotFound</c>), else null.</summary>
    public string? LocalizationKey => Error.LocalizationKey;

    /// <summary>The interpolation parameters of the localised error shape; empty, never null.</summary>
    public IReadOnlyDictionary<string, string> LocalizationParams => Error.LocalizationParams;

    /// <summary>Which error body shape the server sent.</summary>
    public TixalloErrorShape ErrorShape => Error.Shape;

    /// <summary>
    /// The response body as text, at most <see cref="MaxRawBodyLength"/> characters (a prefix of the body;
    /// see <see cref="IsRawBodyTruncated"/>). Empty when the body was empty.
    /// </summary>
    public string RawBody => Error.RawBody;

    /// <summary>True when <see cref="RawBody"/> holds only the start of a longer body.</summary>
    public bool IsRawBodyTruncated => Error.IsRawBodyTruncated;

    /// <summary>The longest <see cref="RawBody"/> kept, in characters (16 KiB).</summary>
    public const int MaxRawBodyLength = 16 * 1024;

    /// <summary>
    /// The wait the server asked for (<c>retry-after-ms</c> or <c>Retry-After</c>), if it asked. Set, for example,
    /// when a 429 asked for a wait longer than the client was allowed to sleep.
    /// </summary>
    public TimeSpan? RetryAfter => Error.RetryAfter;

    /// <inheritdoc />
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(GetType().FullName).Append(": ").Append(Message).AppendLine();
        text.Append(FormattableString.Invariant($"  Status: {(int)StatusCode} ({StatusCode})")).AppendLine();
        text.Append("  ErrorCode: ").Append(ErrorCode).AppendLine();
        text.Append("  CorrelationId: ").Append(CorrelationId ?? "(none)").AppendLine();
        text.Append(FormattableString.Invariant($"  Attempts: {Attempts}")).AppendLine();
        AppendDetails(text);
        foreach (var (field, messages) in FieldErrors)
        {
            text.Append("  FieldError ").Append(field).Append(": ").AppendJoin("; ", messages).AppendLine();
        }

        foreach (var formError in FormErrors)
        {
            text.Append("  FormError: ").Append(formError).AppendLine();
        }

        if (InnerException is not null)
        {
            text.Append(" ---> ").Append(InnerException).AppendLine();
        }

        text.Append(StackTrace);
        return text.ToString().TrimEnd();
    }

    /// <summary>Lets a subtype add its own lines to <see cref="ToString"/>.</summary>
    private protected virtual void AppendDetails(StringBuilder text)
    {
        if (LocalizationKey is not null)
        {
            text.Append("  LocalizationKey: ").Append(LocalizationKey).AppendLine();
        }

        if (RetryAfter is { } retryAfter)
        {
            text.Append(FormattableString.Invariant($"  RetryAfter: {retryAfter}")).AppendLine();
        }
    }
}
