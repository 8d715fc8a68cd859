using System.Globalization;
using System.Net;
using System.Text;
using Tixallo.Client.Errors;
using Tixallo.Client.Platform;

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
        : base(ApiError.FromMessage(HttpNames.TooManyRequests, message, ErrorCodes.RateLimited))
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

    /// <summary>Which of the API's limits answered (per key, per IP, attachment uploads or downloads), when it said.</summary>
    public TixalloRateLimitScope Scope => Error.Scope;

    /// <summary>
    /// True when the client refused the call without sending it: it is holding every call after a 429 for longer than
    /// this call may wait, or your <see cref="TixalloClientOptions.RateLimiter"/> gave no permit in time.
    /// <see cref="TixalloApiException.RetryAfter"/> says how long until it would send. Its <see cref="TixalloApiException.ErrorCode"/>
    /// is <c>rate_limited_client_side</c>.
    /// </summary>
    public bool IsClientSide => Error.IsClientSide;

    private protected override void AppendDetails(StringBuilder text)
    {
        base.AppendDetails(text);
        text.Append(FormattableString.Invariant($"  Scope: {Scope}{(IsClientSide ? " (refused by the client, not sent)" : string.Empty)}")).AppendLine();
        if (Limit is not null || Window is not null)
        {
            text.Append(FormattableString.Invariant($"  Limit: {Limit?.ToString(CultureInfo.InvariantCulture) ?? "?"} per {Window?.ToString() ?? "?"}")).AppendLine();
        }
    }
}
