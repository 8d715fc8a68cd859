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
        var clock = new FakeTimeProvider();
        using var limiter = Limiter(o =>
        {
            (o.PermitLimit, o.Window, o.Headroom) = (10, TimeSpan.FromSeconds(1), 0);
            o.TimeProvider = clock;
        });

        var turns = new List<Task<RateLimitLease>>();
        for (var i = 0; i < 4; i++)
        {
            turns.Add(limiter.AcquireAsync().AsTask());
            await Task.Delay(5); // arrive one after another
        }

        var released = new List<int>();
        for (var step = 0; step < 4; step++)
        {
            await Task.Delay(50);
            released.Add(turns.Count(t => t.IsCompleted));
            clock.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.That(released, Is.EqualTo(new[] { 1, 2, 3, 4 }), "one turn per 100 ms interval, in arrival order");
        Assert.That((await Task.WhenAll(turns)).Select(l => l.IsAcquired), Is.All.True);
    }

    [Test]
    public async Task TwoProcessesOfOneKey_ShareOneBudget()
    {
        using var first = Limiter(o => (o.PermitLimit, o.Window, o.Headroom, o.MaxWait) = (10, TimeSpan.FromSeconds(1), 0, TimeSpan.Zero));
        using var second = Limiter(o => (o.PermitLimit, o.Window, o.Headroom, o.MaxWait) = (10, TimeSpan.FromSeconds(1), 0, TimeSpan.Zero));

        using var granted = await first.AcquireAsync();
        using var refused = await second.AcquireAsync();

        Assert.That(granted.IsAcquired, Is.True);
        Assert.That(refused.IsAcquired, Is.False, "the turn was the other process's");
        Assert.That(refused.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter), Is.True);
        Assert.That(retryAfter, Is.InRange(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100)));
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
        Assert.That(counted, Is.EqualTo(new[] { granted ? "granted" : "refused" }));
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
        await using var blocker = await ConnectionMultiplexer.ConnectAsync(RedisServer.Endpoint + ",allowAdmin=true,syncTimeout=5000,asyncTimeout=5000");
        var sleep = blocker.GetDatabase().ExecuteAsync("DEBUG", "SLEEP", "0.5");
        await Task.Delay(50);

        using var lease = await limiter.AcquireAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        await sleep;

        Assert.That(lease.IsAcquired, Is.EqualTo(granted));
    }

    [Test]
    public async Task WithTheSdk_ConcurrentCallsOverTheBudget_GetNo429()
    {
        await using var server = await TixalloFakeServer.StartAsync(new TixalloFakeServerOptions { RateLimitPerMinute = 10, RateLimitWindow = TimeSpan.FromSeconds(1) });
        var apiKey = server.CreateApiKey();
        using var limiter = Limiter(o => (o.ApiKey, o.PermitLimit, o.Window) = (apiKey, 10, TimeSpan.FromSeconds(1)));
        using var client = new TixalloClient(new TixalloClientOptions { ApiKey = apiKey, BaseAddress = server.BaseAddress, RateLimiter = limiter, Retry = { MaxRetries = 0 } });
        var ticket = await client.Tickets.CreateAsync(new CreateTicketRequest { Subject = "s", CustomerEmail = "a@b.co" });

        var calls = await Task.WhenAll(Enumerable.Range(0, 15).Select(_ => client.Tickets.GetAsync(ticket.Id))).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(calls.Select(t => t.Id), Is.All.EqualTo(ticket.Id), "16 requests at 10 a second: every one waited for its turn, none got a 429");
    }

    private static TixalloRedisRateLimiter Limiter(Action<TixalloRedisRateLimiterOptions>? configure = null)
    {
        var options = new TixalloRedisRateLimiterOptions { Connection = RedisServer.Connection, ApiKey = Key };
        configure?.Invoke(options);
        return new TixalloRedisRateLimiter(options);
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
                outcomes.Add(tag.Value as string);
            }
        });
        listener.Start();
        return listener;
    }
}
