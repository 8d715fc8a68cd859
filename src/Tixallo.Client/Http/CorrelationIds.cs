namespace Tixallo.Client.Http;

/// <summary>The <c>x-correlation-id</c> header: generating, checking and reading it back.</summary>
internal static class CorrelationIds
{
    public const string HeaderName = "x-correlation-id";

    private const int MaxLength = 256;

    /// <summary>
    /// A new id: 126 random bits as 32 hex digits. A correlation id must be unique, not secret, so it comes from
    /// <see cref="Random.Shared"/>: Guid.NewGuid reads the OS's secure random source, a system call per id.
    /// </summary>
    public static string New() => string.Create(32, 0, static (digits, _) =>
    {
        ((ulong)Random.Shared.NextInt64()).TryFormat(digits, out _, "x16", System.Globalization.CultureInfo.InvariantCulture);
        ((ulong)Random.Shared.NextInt64()).TryFormat(digits[16..], out _, "x16", System.Globalization.CultureInfo.InvariantCulture);
    });

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
