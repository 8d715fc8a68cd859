using System.Diagnostics.Metrics;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using Tixallo.Client.Testing;

namespace Tixallo.Client.Redis.Tests;

[NonParallelizable]
public class TixalloRedisRateLimiterTests
{
    private const string Key = "tx_test_fleet_key_never_in_redis";

    [SetUp]
    public Task EmptyRedis() => RedisServer.Connection.GetServers()[0].FlushDatabaseAsync();

    [Test]
    public async Task TheBudgetIsNamedByAHashOfTheKey_TheKeyNeverReachesRedis()
    {
        using var limiter = Limiter(o => o.KeyPrefix = "fleet:");
        using var lease = await limiter.AcquireAsync();

        var keys = RedisServer.Connection.GetServers()[0].Keys(pattern: "*").Select(k => (string)k!).ToList();
        var values = await Task.WhenAll(keys.Select(k => RedisServer.Connection.GetDatabase().StringGetAsync(k)));

        Assert.That(lease.IsAcquired, Is.True);
        Assert.That(keys, Is.EqualTo(new[] { "fleet:" + TixalloRedisRateLimiter.HashOf(Key) }));
        Assert.That(limiter.BudgetKey, Is.EqualTo(keys[0]));
        Assert.That(string.Join("|", keys.Concat(values.Select(v => (string?)v))), Does.Not.Contain(Key));
    }

    [Test]
    public async Task Turns_AreEvenlySpaced_AndTakenInArrivalOrder()
    {
        var clock = new DelayCountingClock(shorterThan: TimeSpan.FromMinutes(1));
        using var limiter = Limiter(o =>
        {
            (o.PermitLimit, o.Window, o.Headroom) = (10, TimeSpan.FromSeconds(1), 0);
            (o.TimeProvider, o.OperationTimeout) = (clock, TimeSpan.FromMinutes(10));
        });

        // One multiplexed connection: the four scripts reach Redis in this order, microseconds apart.
        var turns = Enumerable.Range(0, 4).Select(_ => limiter.AcquireAsync().AsTask()).ToList();
        await Until(() => clock.Delays == 3, "the three later turns wait on the clock");

        var released = new List<int>();
        for (var step = 0; step < 4; step++)
        {
            await Until(() => turns.Count(t => t.IsCompleted) > step, $"turn {step} is released");
            released.Add(turns.Count(t => t.IsCompleted));
            clock.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.That(released, Is.EqualTo(new[] { 1, 2, 3, 4 }), "one turn per 100 ms interval, in arrival order");
        Assert.That((await Task.WhenAll(turns)).Select(l => l.IsAcquired), Is.All.True);
    }

    [Test]
    public async Task TwoProcessesOfOneKey_ShareOneBudget()
    {
        // One turn a minute: the refused one's wait is most of a minute however slowly the two calls follow each other.
        using var first = Limiter(o => (o.PermitLimit, o.Window, o.Headroom, o.MaxWait) = (1, TimeSpan.FromMinutes(1), 0, TimeSpan.Zero));
        using var second = Limiter(o => (o.PermitLimit, o.Window, o.Headroom, o.MaxWait) = (1, TimeSpan.FromMinutes(1), 0, TimeSpan.Zero));

        using var granted = await first.AcquireAsync();
        using var refused = await second.AcquireAsync();

        Assert.That(granted.IsAcquired, Is.True);
        Assert.That(refused.IsAcquired, Is.False, "the turn was the other process's");
        Assert.That(refused.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter), Is.True);
        Assert.That(retryAfter, Is.InRange(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1)));
    }

    [TestCase(RedisFailureMode.FailOpen, true)]
    [TestCase(RedisFailureMode.FailClosed, false)]
    public async Task RedisDown_FollowsTheChosenMode_WithAWarningAndAMetric(RedisFailureMode mode, bool granted)
    {
        await using var down = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{RedisServer.FreePort()},abortConnect=false,connectTimeout=200");
        var logs = new FakeLogCollector();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(logs)));
        var counted = new List<string?>();
        using var listener = Listen(counted);
        using var limiter = Limiter(o =>
        {
            o.Connection = down;
            o.WhenUnavailable = mode;
            o.OperationTimeout = TimeSpan.FromMilliseconds(200);
            o.LoggerFactory = loggerFactory;
        });

        using var lease = await limiter.AcquireAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(lease.IsAcquired, Is.EqualTo(granted));
        Assert.That(logs.GetSnapshot().Single().Level, Is.EqualTo(LogLevel.Warning));
        Assert.That(counted[0], Is.EqualTo("tixallo.outcome=" + (granted ? "granted" : "refused")));
        Assert.That(counted[1], Is.AnyOf("tixallo.reason=unreachable", "tixallo.reason=timeout"), "a port nobody listens on: refused, or no answer in time");
        Assert.That(counted, Has.Count.EqualTo(2));
    }

    [TestCase(RedisFailureMode.FailOpen, true)]
    [TestCase(RedisFailureMode.FailClosed, false)]
    public async Task RedisSlowerThanTheOperationTimeout_CountsAsUnavailable(RedisFailureMode mode, bool granted)
    {
        using var limiter = Limiter(o =>
        {
            o.WhenUnavailable = mode;
            o.OperationTimeout = TimeSpan.FromMilliseconds(100);
        });
        // Redis answers CLIENT PAUSE at once, then holds every other command for the pause: slow, deterministically.
        await RedisServer.Connection.GetServers()[0].ExecuteAsync("CLIENT", "PAUSE", "1000");

        using var lease = await limiter.AcquireAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(lease.IsAcquired, Is.EqualTo(granted));
    }

    [Test]
    public async Task WithTheSdk_ConcurrentCallsOverTheBudget_GetNo429()
    {
        await using var server = await TixalloFakeServer.StartAsync(new TixalloFakeServerOptions { RateLimitPerMinute = 10, RateLimitWindow = TimeSpan.FromSeconds(1) });
        var apiKey = server.CreateApiKey();
        // Half the budget as headroom: a request may reach the server up to 500 ms after its turn and still not be early.
        using var limiter = Limiter(o => (o.ApiKey, o.PermitLimit, o.Window, o.Headroom) = (apiKey, 10, TimeSpan.FromSeconds(1), 0.5));
        using var client = new TixalloClient(new TixalloClientOptions { ApiKey = apiKey, BaseAddress = server.BaseAddress, RateLimiter = limiter, Retry = { MaxRetries = 0 } });
        var ticket = await client.Tickets.CreateAsync(new CreateTicketRequest { Subject = "s", CustomerEmail = "a@b.co" });

        var calls = await Task.WhenAll(Enumerable.Range(0, 15).Select(_ => client.Tickets.GetAsync(ticket.Id))).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(calls.Select(t => t.Id), Is.All.EqualTo(ticket.Id), "16 requests at a limit of 10 a second: every one waited for its turn, none got a 429");
    }

    private static TixalloRedisRateLimiter Limiter(Action<TixalloRedisRateLimiterOptions>? configure = null)
    {
        var options = new TixalloRedisRateLimiterOptions { Connection = RedisServer.Connection, ApiKey = Key };
        configure?.Invoke(options);
        return new TixalloRedisRateLimiter(options);
    }

    private static async Task Until(Func<bool> condition, string what)
    {
        for (var tries = 0; !condition(); tries++)
        {
            Assert.That(tries, Is.LessThan(1000), $"waited 10 s for: {what}");
            await Task.Delay(10);
        }
    }

    private static MeterListener Listen(List<string?> outcomes)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == TixalloRedisRateLimiter.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                outcomes.Add($"{tag.Key}={tag.Value}");
            }
        });
        listener.Start();
        return listener;
    }

    /// <summary>A fake clock that counts the delays set on it shorter than a bound (the turns' waits, not the Redis call's timeout).</summary>
    private sealed class DelayCountingClock(TimeSpan shorterThan) : FakeTimeProvider
    {
        private int _delays;

        public int Delays => Volatile.Read(ref _delays);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime < shorterThan)
            {
                Interlocked.Increment(ref _delays);
            }

            return base.CreateTimer(callback, state, dueTime, period);
        }
    }
}
