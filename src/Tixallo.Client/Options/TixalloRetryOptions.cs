namespace Tixallo.Client;

/// <summary>
/// How the client retries: 408, every 5xx and transport failures with exponential backoff, and 429 (or a 503
/// that carries one) after the wait the server asks for. 400, 401, 403, 404, 409 and 422 are never retried.
/// </summary>
public sealed class TixalloRetryOptions
{
    /// <summary>The most retries after the first attempt, 0 to 10; 0 turns retries off. Default 4.</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>The most retries a call may make: enough to ride out a minute of failures with the default backoff, few enough that no setting turns the client into a flood.</summary>
    internal const int MaxRetriesLimit = 10;

    /// <summary>The first backoff wait, 1 ms to 24 h; each retry doubles it (1, 2, 4, 8 s by default). Default 1 s.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest backoff wait. Default 60 s.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Shortens each backoff wait by a random 0–20 % so that many clients do not retry in step. Default true.</summary>
    public bool UseJitter { get; set; } = true;

    /// <summary>
    /// The longest <c>Retry-After</c> wait the client sleeps. A longer one fails the call at once with
    /// <see cref="TixalloApiException.RetryAfter"/> set, so the caller decides. Default 60 s.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Whether POST calls (create, add message, merge, upload) are retried like the others on 408 and 5xx, as the
    /// API's pages allow. When false, a POST is retried only on 429 and on connection failures before the request
    /// reached the server. Default true.
    /// </summary>
    public bool RetryUnsafeMethods { get; set; } = true;

    /// <summary>
    /// Whether a POST is retried after an outcome that leaves it unknown whether the server applied it: an attempt
    /// that timed out, or a connection that failed after the request was sent. The API has no idempotency key, so
    /// such a retry can create a second ticket or post a reply twice. Default false: the call fails with
    /// <see cref="TixalloConnectionException.RequestMayHaveBeenProcessed"/> set, and you decide.
    /// </summary>
    public bool RetryPostAfterUnknownOutcome { get; set; }

    /// <inheritdoc />
    public override string ToString() =>
        $"MaxRetries = {MaxRetries}, BaseDelay = {BaseDelay}, MaxDelay = {MaxDelay}, UseJitter = {UseJitter}, MaxRetryAfter = {MaxRetryAfter}, RetryUnsafeMethods = {RetryUnsafeMethods}, " +
        $"RetryPostAfterUnknownOutcome = {RetryPostAfterUnknownOutcome}";
}
