using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Tixallo.Client.Redis;

/// <summary>
/// A <see cref="RateLimiter"/> whose budget lives in Redis, so every process that uses one API key spends one budget.
/// Set it as <c>TixalloClientOptions.RateLimiter</c> in each process. Each permit is a turn: Redis hands out turns
/// evenly spaced (<see cref="TixalloRedisRateLimiterOptions.Window"/> / <see cref="TixalloRedisRateLimiterOptions.PermitLimit"/>,
/// plus the headroom) in the order the requests for them arrive, and the caller waits until its turn. No window the
/// server counts in, wherever it starts, sees more than the limit, and no caller is starved by faster ones.
/// </summary>
/// <remarks>
/// The algorithm is GCRA (the generic cell rate algorithm) with reservations, in one atomic Lua script on Redis's own
/// clock (<c>TIME</c>), so the fleet's clocks need not agree: the budget's key holds the time of the next free turn;
/// a request takes that turn (or now, if it has passed) when it is within the caller's longest wait, and moves the
/// next free turn one interval on.
/// </remarks>
public sealed partial class TixalloRedisRateLimiter : RateLimiter
{
    /// <summary>The name of the limiter's <see cref="Meter"/>.</summary>
    public const string MeterName = "Tixallo.Client.Redis";

    // KEYS[1]: the budget. ARGV[1]: the interval between turns, µs. ARGV[2]: the longest wait a caller takes, µs.
    // Returns { 1 when a turn was taken else 0, µs until that turn (or until the next free one) }.
    private const string TakeTurnScript = """
        local time = redis.call('TIME')
        local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
        local interval = tonumber(ARGV[1])
        local next_free = tonumber(redis.call('GET', KEYS[1]) or '0')
        if next_free < now then next_free = now end
        local wait = next_free - now
        if wait > tonumber(ARGV[2]) then return { 0, wait } end
        redis.call('SET', KEYS[1], next_free + interval, 'PX', math.floor((next_free + interval - now) / 1000) + 1000)
        return { 1, wait }
        """;

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Unavailable = Meter.CreateCounter<long>("tixallo.redis.unavailable", "{permit}", "Permits decided without Redis because it was down or slow, by outcome.");

    private readonly TixalloRedisRateLimiterOptions _options;
    private readonly IDatabase _database;
    private readonly RedisKey _budgetKey;
    private readonly long _intervalMicroseconds;
    private readonly ILogger _logger;
    private long _granted;
    private long _refused;

    /// <summary>Creates the limiter.</summary>
    /// <param name="options">The settings; <see cref="TixalloRedisRateLimiterOptions.Connection"/> and <see cref="TixalloRedisRateLimiterOptions.ApiKey"/> are required.</param>
    /// <exception cref="ArgumentException">A setting is missing or out of range; the message names it.</exception>
    public TixalloRedisRateLimiter(TixalloRedisRateLimiterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var connection = options.Connection ?? throw new ArgumentException("Connection is required (TixalloRedisRateLimiterOptions.Connection).", nameof(options));
        if (string.IsNullOrEmpty(options.ApiKey))
        {
            throw new ArgumentException("ApiKey is required (TixalloRedisRateLimiterOptions.ApiKey).", nameof(options));
        }

        if (options.PermitLimit < 1 || options.Window <= TimeSpan.Zero || options.Headroom is < 0 or > 0.5
            || options.MaxWait < TimeSpan.Zero || options.OperationTimeout <= TimeSpan.Zero || options.TimeProvider is null)
        {
            throw new ArgumentException(
                "PermitLimit must be at least 1, Window, OperationTimeout positive, MaxWait not negative, Headroom between 0 and 0.5, TimeProvider set (TixalloRedisRateLimiterOptions).",
                nameof(options));
        }

        _options = options;
        _database = connection.GetDatabase();
        _budgetKey = options.KeyPrefix + HashOf(options.ApiKey);
        _intervalMicroseconds = (long)Math.Ceiling(options.Window.TotalMicroseconds / options.PermitLimit / (1 - options.Headroom));
        _logger = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Tixallo.Client.Redis");
    }

    /// <summary>The Redis key of this budget: the prefix and the API key's SHA-256, never the key itself.</summary>
    public string BudgetKey => _budgetKey.ToString();

    /// <inheritdoc />
    public override TimeSpan? IdleDuration => null;

    /// <inheritdoc />
    public override RateLimiterStatistics? GetStatistics() => new()
    {
        TotalSuccessfulLeases = Interlocked.Read(ref _granted),
        TotalFailedLeases = Interlocked.Read(ref _refused),
    };

    /// <inheritdoc />
    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        // A synchronous permit cannot wait for its turn: it is taken only when it is due now.
        try
        {
            var (taken, wait) = Read(_database.ScriptEvaluate(TakeTurnScript, [_budgetKey], Arguments(permitCount, TimeSpan.Zero)));
            return Lease(taken, wait);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return WithoutRedis(e);
        }
    }

    /// <inheritdoc />
    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        bool taken;
        TimeSpan wait;
        try
        {
            var result = await _database.ScriptEvaluateAsync(TakeTurnScript, [_budgetKey], Arguments(permitCount, _options.MaxWait))
                .WaitAsync(_options.OperationTimeout, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            (taken, wait) = Read(result);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return WithoutRedis(e);
        }

        if (taken && wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }

        return Lease(taken, wait);
    }

    /// <summary>The hex SHA-256 of an API key: what names its budget in Redis.</summary>
    internal static string HashOf(string apiKey) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey))).ToLowerInvariant();

    private RedisValue[] Arguments(int permitCount, TimeSpan maxWait) =>
        [_intervalMicroseconds * Math.Max(permitCount, 1), (long)maxWait.TotalMicroseconds];

    private static (bool Taken, TimeSpan Wait) Read(RedisResult result)
    {
        var values = (RedisResult[])result!;
        return ((long)values[0] == 1, TimeSpan.FromMicroseconds((long)values[1]));
    }

    private TurnLease Lease(bool taken, TimeSpan wait)
    {
        Interlocked.Increment(ref taken ? ref _granted : ref _refused);
        return taken ? TurnLease.Granted : new TurnLease(acquired: false, retryAfter: wait);
    }

    private TurnLease WithoutRedis(Exception e)
    {
        var open = _options.WhenUnavailable == RedisFailureMode.FailOpen;
        Unavailable.Add(1, new KeyValuePair<string, object?>("tixallo.outcome", open ? "granted" : "refused"));
        LogUnavailable(_logger, open ? "granting" : "refusing", e.GetType().Name, e);
        return Lease(open, TimeSpan.Zero);
    }

    [LoggerMessage(EventId = 1, EventName = "RedisUnavailable", Level = LogLevel.Warning,
        Message = "Redis did not answer for the Tixallo rate budget ({Reason}); {Outcome} the permit without it")]
    private static partial void LogUnavailable(ILogger logger, string outcome, string reason, Exception exception);

    /// <summary>A turn: granted, or refused with the wait until the next free one.</summary>
    private sealed class TurnLease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly TurnLease Granted = new(acquired: true, retryAfter: null);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
            return metadata is not null;
        }
    }
}
