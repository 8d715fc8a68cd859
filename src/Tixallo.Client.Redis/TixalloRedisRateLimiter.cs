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
/// <para>
/// The algorithm is GCRA (the generic cell rate algorithm) with reservations, in one atomic Lua script on Redis's own
/// clock (<c>TIME</c>), so the fleet's clocks need not agree: the budget's key holds the time of the next free turn;
/// a request takes that turn (or now, if it has passed) when it is within the caller's longest wait, and moves the
/// next free turn one interval on. Whatever else the key holds (another type, text that is not a time, a time no
/// turn could have set, no expiry) is overwritten by the next permit, with a warning.
/// </para>
/// <para>
/// Only <see cref="RateLimiter.AcquireAsync"/> reaches Redis, and every round trip ends within
/// <see cref="TixalloRedisRateLimiterOptions.OperationTimeout"/> or at the caller's cancellation, whichever is first:
/// StackExchange.Redis has no per-command timeout or cancellation, so the limiter stops waiting itself. The
/// synchronous <see cref="RateLimiter.AttemptAcquire"/> never blocks a thread on the network: it answers a lease that
/// is not acquired (not counted as refused), and Tixallo.Client then asks asynchronously. A refused lease carries
/// <see cref="MetadataName.ReasonPhrase"/> (why: no turn in time, Redis unreachable, timed out or refusing) and
/// <c>TixalloRateLimiters.ScopeMetadataName</c> (<c>ApiKey</c>), which the client's refusal reports.
/// </para>
/// </remarks>
public sealed partial class TixalloRedisRateLimiter : RateLimiter
{
    /// <summary>The name of the limiter's <see cref="Meter"/>.</summary>
    public const string MeterName = "Tixallo.Client.Redis";

    // KEYS[1]: the budget. ARGV[1]: the interval between turns, µs. ARGV[2]: the longest wait a caller takes, µs.
    // Returns { 1 when a turn was taken else 0, µs until that turn (or until the next free one), 1 when the key held
    // something no turn wrote }. A turn's key expires a second after its time, so a time further off than its expiry,
    // or a key with none, was not written here.
    private const string TakeTurnScript = """
        local time = redis.call('TIME')
        local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
        local interval = tonumber(ARGV[1])
        local stored = redis.pcall('GET', KEYS[1])
        local next_free = type(stored) == 'string' and tonumber(stored) or nil
        local repaired = 0
        if next_free == nil or next_free ~= next_free then
          if stored then repaired = 1 end
          next_free = now
        else
          local ttl = redis.call('PTTL', KEYS[1])
          if ttl < 0 or next_free - now > ttl * 1000 then
            repaired = 1
            next_free = now
          end
        end
        if next_free < now then next_free = now end
        local wait = next_free - now
        if wait > tonumber(ARGV[2]) then return { 0, wait, repaired } end
        redis.call('SET', KEYS[1], next_free + interval, 'PX', math.floor((next_free + interval - now) / 1000) + 1000)
        return { 1, wait, repaired }
        """;

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Unavailable = Meter.CreateCounter<long>("tixallo.redis.unavailable", "{permit}", "Permits decided without Redis because it was unreachable, slow or refusing, by outcome and reason.");
    private static readonly TurnLease NotWithoutRedis = new(acquired: false, retryAfter: null, reason: "a synchronous permit never waits for Redis; Tixallo.Client asks asynchronously");

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
        _intervalMicroseconds = (long)Math.Ceiling(Microseconds(options.Window) / options.PermitLimit / (1 - options.Headroom));
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
    /// <remarks>Never reaches Redis (a synchronous round trip would block the caller's thread): the lease is not acquired.</remarks>
    protected override RateLimitLease AttemptAcquireCore(int permitCount) => NotWithoutRedis;

    /// <inheritdoc />
    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        var evaluation = _database.ScriptEvaluateAsync(TakeTurnScript, [_budgetKey], Arguments(permitCount, _options.MaxWait));
        RedisResult result;
        try
        {
            result = await evaluation.WaitAsync(_options.OperationTimeout, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or OperationCanceledException)
        {
            // The round trip goes on without a waiter: its own failure, later, is observed here and nowhere else.
            _ = evaluation.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            cancellationToken.ThrowIfCancellationRequested();
            return WithoutRedis(e);
        }

        var (taken, wait, repaired) = Read(result);
        if (repaired)
        {
            LogRepaired(_logger, BudgetKey);
        }

        if (taken && wait > TimeSpan.Zero)
        {
#if NET
            await Task.Delay(wait, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
#else
            await _options.TimeProvider.Delay(wait, cancellationToken).ConfigureAwait(false); // Microsoft.Bcl.TimeProvider's
#endif
        }

        return Lease(taken, wait);
    }

    /// <summary>The hex SHA-256 of an API key: what names its budget in Redis.</summary>
    internal static string HashOf(string apiKey) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey))).ToLowerInvariant();

    private static double Microseconds(TimeSpan span) => span.Ticks / 10.0; // TimeSpan.TotalMicroseconds, which .NET Standard 2.0 lacks

    private RedisValue[] Arguments(int permitCount, TimeSpan maxWait) =>
        [_intervalMicroseconds * Math.Max(permitCount, 1), (long)Microseconds(maxWait)];

    private static (bool Taken, TimeSpan Wait, bool Repaired) Read(RedisResult result)
    {
        var values = (RedisResult[])result!;
        return ((long)values[0] == 1, TimeSpan.FromMicroseconds((long)values[1]), (long)values[2] == 1);
    }

    private TurnLease Lease(bool taken, TimeSpan wait) =>
        taken ? Granted() : Refused(wait, $"the fleet's next turn is {wait} away, longer than MaxWait ({_options.MaxWait})");

    private TurnLease Granted()
    {
        Interlocked.Increment(ref _granted);
        return TurnLease.Granted;
    }

    private TurnLease Refused(TimeSpan? retryAfter, string reason)
    {
        Interlocked.Increment(ref _refused);
        return new TurnLease(acquired: false, retryAfter, reason);
    }

    private TurnLease WithoutRedis(Exception e)
    {
        var (reason, why) = e switch
        {
            TimeoutException => ("timeout", $"Redis did not answer within OperationTimeout ({_options.OperationTimeout})"),
            RedisConnectionException => ("unreachable", $"Redis is unreachable ({e.Message})"),
            _ => ("refused", $"Redis refused the budget's script ({e.Message})"),
        };
        var open = _options.WhenUnavailable == RedisFailureMode.FailOpen;
        Unavailable.Add(1, new KeyValuePair<string, object?>("tixallo.outcome", open ? "granted" : "refused"), new KeyValuePair<string, object?>("tixallo.reason", reason));
        LogUnavailable(_logger, why, open ? "granting" : "refusing", e);
        return open ? Granted() : Refused(retryAfter: null, why + "; the limiter fails closed");
    }

    [LoggerMessage(EventId = 1, EventName = "RedisUnavailable", Level = LogLevel.Warning,
        Message = "The Tixallo rate budget could not be read: {Reason}; {Outcome} the permit without it")]
    private static partial void LogUnavailable(ILogger logger, string reason, string outcome, Exception exception);

    [LoggerMessage(EventId = 2, EventName = "RedisBudgetRepaired", Level = LogLevel.Warning,
        Message = "The Tixallo rate budget's key {BudgetKey} held something no turn wrote (another type, not a time, or no expiry); it was overwritten")]
    private static partial void LogRepaired(ILogger logger, string budgetKey);

    /// <summary>A turn: granted, or refused with the wait until the next free one and why.</summary>
    private sealed class TurnLease(bool acquired, TimeSpan? retryAfter, string? reason) : RateLimitLease
    {
        public static readonly TurnLease Granted = new(acquired: true, retryAfter: null, reason: null);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => acquired
            ? []
            : retryAfter is null
                ? [MetadataName.ReasonPhrase.Name, TixalloRateLimiters.ScopeMetadataName.Name]
                : [MetadataName.RetryAfter.Name, MetadataName.ReasonPhrase.Name, TixalloRateLimiters.ScopeMetadataName.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = acquired ? null : metadataName switch
            {
                _ when metadataName == MetadataName.RetryAfter.Name => retryAfter,
                _ when metadataName == MetadataName.ReasonPhrase.Name => reason,
                _ when metadataName == TixalloRateLimiters.ScopeMetadataName.Name => TixalloRateLimitScope.ApiKey,
                _ => null,
            };
            return metadata is not null;
        }
    }
}
