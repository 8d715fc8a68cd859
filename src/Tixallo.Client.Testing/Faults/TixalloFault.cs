namespace Tixallo.Client.Testing;

/// <summary>A failure the fake server produces instead of its normal answer, to test how code copes with one.</summary>
public sealed class TixalloFault
{
    private TixalloFault(string description)
    {
        Description = description;
    }

    /// <summary>The status code answered, or null when the fault is not a status.</summary>
    public int? StatusCode { get; private init; }

    /// <summary>The <c>Retry-After</c> sent with the status, if any.</summary>
    public TimeSpan? RetryAfter { get; private init; }

    /// <summary>True when the body is a proxy's HTML page rather than the API's JSON.</summary>
    public bool Html { get; private init; }

    /// <summary>How long the server waits before answering normally, or null.</summary>
    public TimeSpan? Delay { get; private init; }

    /// <summary>True when the server drops the connection without answering.</summary>
    public bool Abort { get; private init; }

    /// <summary>What the fault does, for logs and test output.</summary>
    public string Description { get; }

    /// <summary>Answers <paramref name="statusCode"/> with an error body in the server's current error shape.</summary>
    /// <param name="statusCode">The status, e.g. 503 or 429.</param>
    /// <param name="retryAfter">A <c>Retry-After</c> to send (whole seconds, rounded up), or null for none.</param>
    /// <returns>The fault.</returns>
    public static TixalloFault Status(int statusCode, TimeSpan? retryAfter = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        return new TixalloFault($"{statusCode}{(retryAfter is null ? string.Empty : $" with Retry-After {retryAfter}")}")
        {
            StatusCode = statusCode,
            RetryAfter = retryAfter,
        };
    }

    /// <summary>Answers with an HTML error page, as a proxy in front of the API does.</summary>
    /// <param name="statusCode">The status, 502 by default.</param>
    /// <returns>The fault.</returns>
    public static TixalloFault HtmlPage(int statusCode = 502) =>
        new($"{statusCode} HTML page") { StatusCode = statusCode, Html = true };

    /// <summary>Waits before answering normally (the wait runs on the server's clock).</summary>
    /// <param name="delay">How long to wait.</param>
    /// <returns>The fault.</returns>
    public static TixalloFault Slow(TimeSpan delay) => new($"delay {delay}") { Delay = delay };

    /// <summary>Drops the connection without an answer.</summary>
    /// <returns>The fault.</returns>
    public static TixalloFault ConnectionAbort() => new("connection abort") { Abort = true };

    /// <inheritdoc />
    public override string ToString() => Description;
}
