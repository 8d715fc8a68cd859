using System.Diagnostics;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using StackExchange.Redis;
using Tixallo.Client.Testing;

namespace Tixallo.Client.Redis.Tests;

/// <summary>
/// The Redis limiter under the faults a production Redis has: killed, paused longer than every timeout, restarted,
/// holding garbage at the budget's key. Each test has a <c>redis-server</c> of its own. The bounds asserted are the
/// limiter's contract (an outcome within <c>OperationTimeout</c>, a task handed back at once), with margins wide enough
/// for a busy machine; the faults before this limiter took 4 to 18 s.
/// </summary>
[NonParallelizable]
public class RedisFaultTests
{
    private static readonly TimeSpan OperationTimeout = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(1);

    private TixalloFakeServer _api = null!;
    private string _apiKey = null!;
    private string _ticketId = null!;
    private RedisProcess _redis = null!;
    private ConnectionMultiplexer _connection = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _api = await TixalloFakeServer.StartAsync();
        _apiKey = _api.CreateApiKey();
        using var setup = new TixalloClient(new TixalloClientOptions { ApiKey = _apiKey, BaseAddress = _api.BaseAddress });
        _ticketId = (await setup.Tickets.CreateAsync(new CreateTicketRequest { Subject = "s", CustomerEmail = "a@b.co" })).Id;
        _redis = await RedisProcess.StartAsync();
        _connection = await _redis.ConnectAsync();
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _connection.DisposeAsync();
        await _redis.DisposeAsync();
        await _api.DisposeAsync();
    }

    [TestCase(RedisFailureMode.FailOpen)]
    [TestCase(RedisFailureMode.FailClosed)]
    public async Task RedisKilled_EachCallEndsWithinTheOperationTimeout_AndTheCallerGetsItsTaskAtOnce(RedisFailureMode mode)
    {
        using var limiter = Limiter(o => o.WhenUnavailable = mode);
        using var client = Client(limiter);
        await client.Tickets.GetAsync(_ticketId); // warm: JIT, connections, the script
        await _redis.KillAsync();

        for (var call = 0; call < 3; call++)
        {
            var (returned, ended, failure) = await MeasureAsync(() => client.Tickets.GetAsync(_ticketId));

            Assert.That(returned, Is.LessThan(OperationTimeout), "the calling thread is not blocked on the network");
            Assert.That(ended, Is.LessThan(OperationTimeout + Margin));
            if (mode == RedisFailureMode.FailOpen)
            {
                Assert.That(failure, Is.Null, "fail open: the call went on without Redis");
            }
            else
            {
                var refused = failure as TixalloRateLimitException;
                Assert.That(refused, Is.Not.Null, $"fail closed: a typed refusal, not {failure}");
                Assert.That((refused!.IsClientSide, refused.Scope), Is.EqualTo((true, TixalloRateLimitScope.ApiKey)));
                Assert.That(refused.Message, Does.Contain("Redis").And.Contain("fails closed"));
                Assert.That(refused.Message, Does.Not.Contain("queue is full"));
            }
        }
    }

    [Test]
    public async Task RedisPausedLongerThanEveryTimeout_EachCallEndsAtItsFirstBound()
    {
        using var quick = Limiter(o => o.WhenUnavailable = RedisFailureMode.FailClosed);
        using var slow = Limiter(o => (o.WhenUnavailable, o.OperationTimeout) = (RedisFailureMode.FailClosed, TimeSpan.FromSeconds(20)));
        using var quickClient = Client(quick);
        using var slowClient = Client(slow);
        await quickClient.Tickets.GetAsync(_ticketId);
        await slowClient.Tickets.GetAsync(_ticketId);
        // Redis answers CLIENT PAUSE at once, then holds every other command for the pause.
        await _connection.GetServers()[0].ExecuteAsync("CLIENT", "PAUSE", "20000");

        var byOperationTimeout = await MeasureAsync(() => quickClient.Tickets.GetAsync(_ticketId));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var byCancellation = await MeasureAsync(() => slowClient.Tickets.GetAsync(_ticketId, cancel.Token));
        var totalTimeout = slowClient.WithOptions(new TixalloRequestOptions { TotalTimeout = TimeSpan.FromMilliseconds(800), AttemptTimeout = TimeSpan.FromMilliseconds(800) });
        var byTotalTimeout = await MeasureAsync(() => totalTimeout.Tickets.GetAsync(_ticketId));

        Assert.Multiple(() =>
        {
            Assert.That(byOperationTimeout.Ended, Is.LessThan(OperationTimeout + Margin));
            Assert.That(byOperationTimeout.Failure, Is.TypeOf<TixalloRateLimitException>().With.Message.Contains("did not answer within OperationTimeout"));
            Assert.That(byCancellation.Ended, Is.LessThan(TimeSpan.FromMilliseconds(200) + Margin));
            Assert.That(byCancellation.Failure, Is.InstanceOf<OperationCanceledException>(), "the caller's token ends the wait for Redis");
            Assert.That(byTotalTimeout.Ended, Is.LessThan(TimeSpan.FromMilliseconds(800) + Margin));
            Assert.That(byTotalTimeout.Failure, Is.TypeOf<TixalloRateLimitException>().With.Message.Contains("time ran out"), "the call's total timeout ends it");
            Assert.That(new[] { byOperationTimeout.Returned, byCancellation.Returned, byTotalTimeout.Returned }, Is.All.LessThan(OperationTimeout));
        });
    }

    [Test]
    public async Task ThirtyTwoCallersWithRedisDown_FinishTogether_InAboutOneOperationTimeout()
    {
        using var limiter = Limiter();
        using var client = Client(limiter);
        await client.Tickets.GetAsync(_ticketId);
        await _redis.KillAsync();

        var clock = Stopwatch.StartNew();
        var calls = Enumerable.Range(0, 32).Select(_ => client.Tickets.GetAsync(_ticketId)).ToList();
        var started = clock.Elapsed;
        await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(30));
        var finished = clock.Elapsed;

        Assert.That(started, Is.LessThan(OperationTimeout), "32 tasks handed back without waiting for Redis");
        Assert.That(finished, Is.LessThan(OperationTimeout + Margin + Margin), "concurrently, not one after another");
    }

    [Test]
    public async Task RedisRestarted_TheBudgetIsKeptInRedisAgain()
    {
        using var limiter = Limiter();
        using var client = Client(limiter);
        await client.Tickets.GetAsync(_ticketId);
        await _redis.KillAsync();
        await client.Tickets.GetAsync(_ticketId); // fail open

        await _redis.RestartAsync();
        var clock = Stopwatch.StartNew();
        while (!_connection.IsConnected && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(50);
        }

        await client.Tickets.GetAsync(_ticketId);

        Assert.That(_connection.IsConnected, Is.True, "the application's multiplexer reconnected");
        Assert.That(await _connection.GetDatabase().KeyExistsAsync(limiter.BudgetKey), Is.True, "the permit was a turn in Redis again");
    }

    [TestCase("text")]
    [TestCase("nan")]
    [TestCase("hash")]
    [TestCase("list")]
    [TestCase("no-expiry")]
    [TestCase("further-than-its-expiry")]
    public async Task GarbageAtTheBudgetsKey_IsOverwrittenByTheNextPermit_NotTakenForRedisBeingDown(string garbage)
    {
        var logs = new FakeLogCollector();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(logs)));
        using var limiter = Limiter(o => (o.WhenUnavailable, o.LoggerFactory) = (RedisFailureMode.FailClosed, loggerFactory));
        var database = _connection.GetDatabase();
        RedisKey key = limiter.BudgetKey;
        await (garbage switch
        {
            "hash" => (Task)database.HashSetAsync(key, "field", "value"),
            "text" => database.StringSetAsync(key, "not-a-time"),
            "nan" => database.StringSetAsync(key, "nan"),
            "list" => database.ListLeftPushAsync(key, "value"),
            "no-expiry" => database.StringSetAsync(key, "99999999999999999"),
            _ => database.StringSetAsync(key, "99999999999999999", TimeSpan.FromMinutes(5)),
        });

        using var first = await limiter.AcquireAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        using var second = await limiter.AcquireAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        var value = await database.StringGetAsync(key);
        Assert.Multiple(async () =>
        {
            Assert.That((first.IsAcquired, second.IsAcquired), Is.EqualTo((true, true)), "bad data is repaired, not an outage (this limiter fails closed)");
            Assert.That(await database.KeyTypeAsync(key), Is.EqualTo(RedisType.String));
            Assert.That(long.TryParse((string?)value, out _), Is.True, $"a time again, not {value}");
            Assert.That(await database.KeyTimeToLiveAsync(key), Is.Not.Null.And.LessThan(TimeSpan.FromMinutes(1)), "and it expires");
            Assert.That(logs.GetSnapshot().Select(l => l.Id.Name), Is.EqualTo(new[] { "RedisBudgetRepaired" }), "repaired once, with a warning");
        });
    }

    [Test]
    public async Task TheSynchronousAcquire_NeverReachesRedis()
    {
        using var limiter = Limiter();
        await _connection.GetServers()[0].ExecuteAsync("CLIENT", "PAUSE", "20000");

        var clock = Stopwatch.StartNew();
        using var lease = limiter.AttemptAcquire();
        var took = clock.Elapsed;

        Assert.That(lease.IsAcquired, Is.False);
        Assert.That(lease.TryGetMetadata(MetadataName.ReasonPhrase, out var reason) ? reason : null, Does.Contain("asynchronously"));
        Assert.That(took, Is.LessThan(OperationTimeout), "answered from local state");
        Assert.That(limiter.GetStatistics()!.TotalFailedLeases, Is.Zero, "not a refusal: the client asks asynchronously next");
    }

    private static async Task<(TimeSpan Returned, TimeSpan Ended, Exception? Failure)> MeasureAsync(Func<Task> start)
    {
        var clock = Stopwatch.StartNew();
        var call = start();
        var returned = clock.Elapsed;
        try
        {
            await call.WaitAsync(TimeSpan.FromSeconds(30));
            return (returned, clock.Elapsed, null);
        }
        catch (Exception e) when (e is not TimeoutException)
        {
            return (returned, clock.Elapsed, e);
        }
    }

    private TixalloRedisRateLimiter Limiter(Action<TixalloRedisRateLimiterOptions>? configure = null)
    {
        var options = new TixalloRedisRateLimiterOptions { Connection = _connection, ApiKey = _apiKey, PermitLimit = 1000, OperationTimeout = OperationTimeout };
        configure?.Invoke(options);
        return new TixalloRedisRateLimiter(options);
    }

    private TixalloClient Client(RateLimiter limiter) =>
        new(new TixalloClientOptions { ApiKey = _apiKey, BaseAddress = _api.BaseAddress, RateLimiter = limiter, Retry = { MaxRetries = 0 } });
}
