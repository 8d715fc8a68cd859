using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Tixallo.Client.Redis;

/// <summary>Settings of a <see cref="TixalloRedisRateLimiter"/>.</summary>
public sealed class TixalloRedisRateLimiterOptions
{
    /// <summary>The connection to Redis. Required; share one multiplexer per process, as StackExchange.Redis advises.</summary>
    public IConnectionMultiplexer? Connection { get; set; }

    /// <summary>
    /// The API key whose budget this is. Required. Only a SHA-256 hash of it, after <see cref="KeyPrefix"/>, names the
    /// budget in Redis: the key itself never reaches Redis.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>What the Redis key of the budget starts with. Default <c>tixallo:budget:</c>.</summary>
    public string KeyPrefix { get; set; } = "tixallo:budget:";

    /// <summary>Requests per <see cref="Window"/> the whole fleet may send with the key: the API's 60 by default.</summary>
    public int PermitLimit { get; set; } = 60;

    /// <summary>The window of <see cref="PermitLimit"/>: a minute, as the API's, by default.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The share of the budget left unused (0 to 0.5), so that a request that reaches the server later than its turn
    /// (by up to about <c>Headroom × Window</c>) is never one too many in the server's window. Default 0.05: permits
    /// are 5 % further apart than the limit allows, which absorbs 3 s of delay in the API's one-minute window.
    /// </summary>
    public double Headroom { get; set; } = 0.05;

    /// <summary>The longest a caller waits for its turn; a later turn is not taken (the permit fails with a retry-after). Default 1 minute.</summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a Redis round trip may take before Redis counts as unavailable for it. Default 250 ms. The limiter
    /// enforces it on every round trip whatever the multiplexer's own <c>AsyncTimeout</c>; a multiplexer of the limiter's
    /// own with <c>AsyncTimeout</c> and <c>ConnectTimeout</c> near it ends abandoned round trips as soon.
    /// </summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// What happens when Redis is unavailable (unreachable, slower than <see cref="OperationTimeout"/>, or refusing the
    /// script). Default <see cref="RedisFailureMode.FailOpen"/>. Bad data at the budget's key is not unavailability: the
    /// next permit overwrites it.
    /// </summary>
    public RedisFailureMode WhenUnavailable { get; set; } = RedisFailureMode.FailOpen;

    /// <summary>The clock the limiter waits on. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Where the warning goes when Redis is unavailable; none when null.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }
}
