namespace Tixallo.Client.Redis;

/// <summary>What <see cref="TixalloRedisRateLimiter"/> does when Redis does not answer within <see cref="TixalloRedisRateLimiterOptions.OperationTimeout"/>.</summary>
public enum RedisFailureMode
{
    /// <summary>
    /// Grant the permit, log a warning and count it (<c>tixallo.redis.unavailable</c>): calls go on, and the server's
    /// limit, answered with 429s that the client holds its calls for, keeps the fleet in check until Redis is back.
    /// </summary>
    FailOpen = 0,

    /// <summary>Refuse the permit: the call fails with a client-side <c>TixalloRateLimitException</c>, nothing is sent.</summary>
    FailClosed,
}
