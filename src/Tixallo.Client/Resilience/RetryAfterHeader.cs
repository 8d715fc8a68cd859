using System.Globalization;
using System.Net.Http.Headers;

namespace Tixallo.Client.Resilience;

/// <summary>
/// Reads the wait a response asks for: <c>retry-after-ms</c> (milliseconds), else <c>Retry-After</c> as
/// delta-seconds or as an HTTP-date in any of the three forms RFC 9110 allows. Malformed, negative,
/// overflowing and past values count as absent.
/// </summary>
internal static class RetryAfterHeader
{
    public const string MillisecondsHeader = "retry-after-ms";
    public const string SecondsHeader = "Retry-After";

    // RFC 9110 §5.6.7: IMF-fixdate, then the obsolete RFC 850 and asctime forms.
    private static readonly string[] HttpDateFormats =
    [
        "ddd, dd MMM yyyy HH:mm:ss 'GMT'",
        "dddd, dd-MMM-yy HH:mm:ss 'GMT'",
        "ddd MMM d HH:mm:ss yyyy",
    ];

    public static TimeSpan? Read(HttpResponseHeaders headers, DateTimeOffset now)
    {
        if (headers.NonValidated.TryGetValues(MillisecondsHeader, out var milliseconds)
            && ParseMilliseconds(FirstValue(milliseconds)) is { } fromMilliseconds)
        {
            return fromMilliseconds;
        }

        return headers.NonValidated.TryGetValues(SecondsHeader, out var retryAfter)
            ? Parse(FirstValue(retryAfter), now)
            : null;
    }

    public static TimeSpan? ParseMilliseconds(string? value)
    {
        if (!double.TryParse(value, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite,
                CultureInfo.InvariantCulture, out var ms)
            || !double.IsFinite(ms)
            || ms > TimeSpan.MaxValue.TotalMilliseconds)
        {
            return null;
        }

        return TimeSpan.FromMilliseconds(ms);
    }

    public static TimeSpan? Parse(string? value, DateTimeOffset now)
    {
        value = value?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (char.IsAsciiDigit(value[0]))
        {
            return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                && seconds <= (long)TimeSpan.MaxValue.TotalSeconds
                    ? TimeSpan.FromSeconds(seconds)
                    : null;
        }

        if (DateTimeOffset.TryParseExact(value, HttpDateFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AllowInnerWhite | DateTimeStyles.AssumeUniversal, out var date))
        {
            var wait = date - now;
            return wait >= TimeSpan.Zero ? wait : null;
        }

        return null;
    }

    private static string? FirstValue(HeaderStringValues values)
    {
        foreach (var value in values)
        {
            return value;
        }

        return null;
    }
}
