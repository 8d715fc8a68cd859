using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace Tixallo.Client.Http;

/// <summary>
/// Reading what a response's headers say, in one place for the retry policy, the error decoder and the transport:
/// the wait it asks for, the correlation id it echoes, the text encoding of its body.
/// </summary>
internal static class ResponseHeaders
{
    /// <summary>The non-standard header some servers send with a wait in milliseconds; it wins over <c>Retry-After</c>.</summary>
    public const string RetryAfterMillisecondsHeader = "retry-after-ms";

    /// <summary>
    /// The wait the response asks for: <c>retry-after-ms</c>, else <c>Retry-After</c> as delta-seconds or an HTTP-date
    /// (the framework's parser, which knows all three date forms of RFC 9110). Malformed, negative, overflowing and
    /// past values count as absent.
    /// </summary>
    public static TimeSpan? RetryAfter(HttpResponseHeaders headers, DateTimeOffset now)
    {
        if (ParseMilliseconds(FirstValue(headers, RetryAfterMillisecondsHeader)) is { } fromMilliseconds)
        {
            return fromMilliseconds;
        }

        return headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } when date >= now => date - now,
            _ => null,
        };
    }

    /// <summary>The correlation id the response echoes, or null when it echoes none or one that is not a valid id (too long, control characters).</summary>
    public static string? EchoedCorrelationId(HttpResponseHeaders headers) =>
        OnlyValue(headers, CorrelationIds.HeaderName) is { } echoed
        && CorrelationIds.IsValid(echoed)
            ? echoed
            : null;

    /// <summary>The encoding a raw <c>Content-Type</c> value's <c>charset</c> names; UTF-8, without allocating, when it names none or UTF-8.</summary>
    public static Encoding EncodingOf(string? contentType)
    {
        var charset = CharsetSpanOf(contentType);
        // Stryker disable once Conditional,Logical,String : a shortcut; without it, TextEncoding answers none and "utf-8" with the same Encoding.UTF8
        return charset.IsEmpty || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) ? Encoding.UTF8 : TextEncoding(charset.ToString());
    }

    /// <summary>The encoding a <c>charset</c> names; UTF-8 when it names none or one this runtime does not know.</summary>
    public static Encoding TextEncoding(string? charset)
    {
        // Stryker disable once String : Encoding.GetEncoding("utf-8") is the same Encoding.UTF8; the shortcut spares the lookup
        if (string.IsNullOrWhiteSpace(charset) || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return Encoding.UTF8; // the common case, without the runtime's lookup of the name
        }

        try
        {
            return Encoding.GetEncoding(charset.Trim().Trim('"'));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            return Encoding.UTF8;
        }
    }

    private static ReadOnlySpan<char> CharsetSpanOf(string? contentType)
    {
        var at = contentType?.IndexOf("charset=", StringComparison.OrdinalIgnoreCase) ?? -1;
        if (at < 0)
        {
            return default;
        }

        var value = contentType.AsSpan(at + "charset=".Length);
        var end = value.IndexOf(';');
        return (end < 0 ? value : value[..end]).Trim().Trim('"');
    }

    // Stryker disable once Equality : at exactly the largest value, both comparisons give the same TimeSpan
    private static TimeSpan? ParseMilliseconds(string? value) =>
        double.TryParse(value, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out var ms)
        && !double.IsNaN(ms) && !double.IsInfinity(ms)
        && ms <= TimeSpan.MaxValue.TotalMilliseconds
            ? TimeSpan.FromMilliseconds(ms)
            : null;

#if NET
    private static string? FirstValue(HttpResponseHeaders headers, string name) =>
        headers.NonValidated.TryGetValues(name, out var values) ? First(values) : null;

    private static string? OnlyValue(HttpResponseHeaders headers, string name) =>
        headers.NonValidated.TryGetValues(name, out var values) && values.Count == 1 ? First(values) : null;

    private static string? First(HeaderStringValues values)
    {
        foreach (var value in values)
        {
            return value;
        }

        return null;
    }
#else
    // .NET Standard 2.0 has no non-validated view; TryGetValues hands back a custom header's values as they came.
    private static string? FirstValue(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static string? OnlyValue(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) && values.Take(2).ToList() is [var only] ? only : null;
#endif
}
