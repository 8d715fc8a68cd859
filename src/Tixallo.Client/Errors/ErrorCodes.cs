using System.Globalization;
using System.Net;

namespace Tixallo.Client.Errors;

/// <summary>The stable error codes derived from a status when the server sends no envelope code.</summary>
internal static class ErrorCodes
{
    public const string BadRequest = "bad_request";
    public const string ValidationError = "validation_error";
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";
    public const string NotFound = "not_found";
    public const string Conflict = "conflict";
    public const string TicketMerged = "ticket_merged";
    public const string RateLimited = "rate_limited";
    public const string ServerError = "server_error";
    public const string InvalidResponse = "invalid_response";
    public const string ResponseTooLarge = "response_too_large";
    public const string RateLimitedClientSide = "rate_limited_client_side";
    public const string RedirectRefused = "redirect_refused";

    public static string ForStatus(HttpStatusCode status) => (int)status switch
    {
        400 => BadRequest,
        401 => Unauthorized,
        403 => Forbidden,
        404 => NotFound,
        409 => Conflict,
        422 => ValidationError,
        429 => RateLimited,
        >= 500 and <= 599 => ServerError,
        var other => "http_" + other.ToString(CultureInfo.InvariantCulture),
    };
}
