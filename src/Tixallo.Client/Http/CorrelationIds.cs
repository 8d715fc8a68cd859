namespace Tixallo.Client.Http;

/// <summary>The <c>x-correlation-id</c> header: generating, checking and reading it back.</summary>
internal static class CorrelationIds
{
    public const string HeaderName = "x-correlation-id";

    private const int MaxLength = 256;

    public static string New() => Guid.NewGuid().ToString("N");

    /// <summary>Refuses an id that cannot travel as a header value: empty, too long, or with characters outside visible ASCII.</summary>
    public static string Validate(string? correlationId, string paramName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(correlationId, paramName);
        if (correlationId.Length > MaxLength)
        {
            throw new ArgumentException($"A correlation id is at most {MaxLength} characters.", paramName);
        }

        foreach (var c in correlationId)
        {
            if (c is < ' ' or > '~')
            {
                throw new ArgumentException("A correlation id may hold only visible ASCII characters and spaces (no control characters).", paramName);
            }
        }

        return correlationId;
    }

    /// <summary>The id the server echoed on the response, else the one sent.</summary>
    public static string? Of(HttpResponseMessage? response, CallState state) =>
        response is not null
        && response.Headers.NonValidated.TryGetValues(HeaderName, out var values)
        && values.Count > 0
            ? values.ToString()
            : state.CorrelationId;
}
