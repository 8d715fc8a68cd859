using System.Threading.RateLimiting;

namespace Tixallo.Client;

/// <summary>
/// Ready in-process limiters for <see cref="TixalloClientOptions.RateLimiter"/>, sized from the API's documented limits.
/// They hand out permits evenly spaced (a token bucket of one token), so no window the server counts in, wherever it
/// starts, sees more than the limit; callers wait their turn in arrival order.
/// </summary>
/// <example>
/// <code>
/// // Two keys used from one machine: each key's minute budget, and the address's budget they share.
/// var perIp = TixalloRateLimiters.PerIp();
/// var a = new TixalloClient(new TixalloClientOptions { ApiKey = keyA, RateLimiter = RateLimiter.CreateChained(TixalloRateLimiters.PerApiKey(), perIp) });
/// var b = new TixalloClient(new TixalloClientOptions { ApiKey = keyB, RateLimiter = RateLimiter.CreateChained(TixalloRateLimiters.PerApiKey(), perIp) });
/// </code>
/// </example>
public static class TixalloRateLimiters
{
    /// <summary>The API's per-key limit: 60 requests a minute.</summary>
    public const int ApiKeyRequestsPerMinute = 60;

    /// <summary>The API's per-IP limit: about 500 requests per 15 minutes.</summary>
    public const int IpRequestsPer15Minutes = 500;

    /// <summary>
    /// The lease metadata that names which of the API's limits a limiter stands for. A limiter that puts it on a lease
    /// it refuses makes the client's refusal say so (<see cref="TixalloRateLimitException.Scope"/>); the Redis
    /// limiter of <c>Tixallo.Client.Redis</c> does. A refusal's <see cref="MetadataName.ReasonPhrase"/> goes into the
    /// exception's message.
    /// </summary>
    public static MetadataName<TixalloRateLimitScope> ScopeMetadataName { get; } = MetadataName.Create<TixalloRateLimitScope>("TIXALLO_RATE_LIMIT_SCOPE");

    /// <summary>A limiter for one API key: <paramref name="permitsPerMinute"/> permits a minute, one at a time.</summary>
    /// <param name="permitsPerMinute">Permits a minute; the API's 60 by default. Give a little less to leave room for other users of the key.</param>
    /// <returns>The limiter; dispose it when its clients are done.</returns>
    public static RateLimiter PerApiKey(int permitsPerMinute = ApiKeyRequestsPerMinute) => Evenly(permitsPerMinute, TimeSpan.FromMinutes(1));

    /// <summary>A limiter for every key used from one address: <paramref name="permits"/> permits per <paramref name="window"/> (500 per 15 minutes by default).</summary>
    /// <param name="permits">Permits per window.</param>
    /// <param name="window">The window; 15 minutes by default.</param>
    /// <returns>The limiter; share it (chained with <see cref="RateLimiter.CreateChained"/>) between the clients of all the keys.</returns>
    public static RateLimiter PerIp(int permits = IpRequestsPer15Minutes, TimeSpan? window = null) => Evenly(permits, window ?? TimeSpan.FromMinutes(15));

    /// <summary>Evenly spaced permits: <paramref name="permits"/> per <paramref name="window"/>, at most one ready at a time.</summary>
    /// <param name="permits">Permits per window.</param>
    /// <param name="window">The window.</param>
    /// <returns>The limiter.</returns>
    public static RateLimiter Evenly(int permits, TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permits, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = 1,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromTicks((long)Math.Round(window.Ticks / (double)permits)), // TimeSpan / int, which .NET Standard 2.0 lacks
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }
}
