using System.Globalization;
using System.Net;
using System.Text;
using Tixallo.Client.Errors;

namespace Tixallo.Client;

/// <summary>
/// 429 Too Many Requests. The client waits and retries when the server asks for a wait it may sleep; this
/// exception means it could not: retries ran out, or the wait asked for (<see cref="TixalloApiException.RetryAfter"/>)
/// was longer than <see cref="TixalloRetryOptions.MaxRetryAfter"/> or than what was left of the call's time.
/// </summary>
public class TixalloRateLimitException : TixalloApiException
{
    /// <summary>Creates the exception with a message, for example in a test double.</summary>
    /// <param name="message">What went wrong.</param>
    public TixalloRateLimitException(string message)
        : base(ApiError.FromMessage(HttpStatusCode.TooManyRequests, message, ErrorCodes.RateLimited))
    {
    }

    internal TixalloRateLimitException(ApiError error, Exception? innerException = null)
        : base(error, innerException)
    {
    }

    /// <summary>The number of requests allowed per <see cref="Window"/>, when the server said (legacy <c>limit</c>).</summary>
    public int? Limit => Error.Limit;

    /// <summary>The rate limit's window, when the server said (legacy <c>window_seconds</c>).</summary>
    public TimeSpan? Window => Error.Window;

    private protected override void AppendDetails(StringBuilder text)
    {
        base.AppendDetails(text);
        if (Limit is not null || Window is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"  Limit: {Limit?.ToString(CultureInfo.InvariantCulture) ?? "?"} per {Window?.ToString() ?? "?"}").AppendLine();
        }
    }
}
