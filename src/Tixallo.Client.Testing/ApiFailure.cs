namespace Tixallo.Client.Testing;

/// <summary>An error the fake answers with, rendered in whichever shape the server is set to.</summary>
internal sealed record ApiFailure(int Status, string Message, string Code, string Key)
{
    public IReadOnlyDictionary<string, string>? Params { get; init; }

    public IReadOnlyDictionary<string, List<string>>? FieldErrors { get; init; }

    public int? Limit { get; init; }

    public TimeSpan? Window { get; init; }

    public TimeSpan? RetryAfter { get; init; }

    public static ApiFailure Unauthorized() => new(401, "Unauthorized", "unauthorized", "api-errors.unauthorized");

    public static ApiFailure NotFound(string what, string id) =>
        new(404, "Not found", "not_found", $"api-errors.{what}NotFound") { Params = new Dictionary<string, string> { [what + "Id"] = id } };

    public static ApiFailure Merged(string ticketId) =>
        new(409, "Ticket has been merged", "ticket_merged", "api-errors.ticketMerged") { Params = new Dictionary<string, string> { ["ticketId"] = ticketId } };

    public static ApiFailure InvalidJson() => new(400, "Invalid JSON", "bad_request", "api-errors.invalidJson");

    public static ApiFailure Invalid(IReadOnlyDictionary<string, List<string>> fieldErrors) =>
        new(400, "Invalid input", "validation_error", "api-errors.invalidInput") { FieldErrors = fieldErrors };

    public static ApiFailure RateLimited(int limit, TimeSpan window, TimeSpan? retryAfter) =>
        new(429, "Rate limit exceeded", "rate_limited", "api-errors.rateLimitExceeded") { Limit = limit, Window = window, RetryAfter = retryAfter };
}
