using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;
using Tixallo.Client.NetFramework.Tests.Support;
using Tixallo.Client.Redis;

namespace Tixallo.Client.NetFramework.Tests;

/// <summary>A fleet's shared budget in Redis (Tixallo.Client.Redis's netstandard2.0 build) on .NET Framework, and Redis away.</summary>
public class RedisTests
{
    private Process _redis = null!;
    private int _port;
    private ConnectionMultiplexer _connection = null!;
    private FakeServerProcess _fake = null!;

    [OneTimeSetUp]
    public async Task StartRedisAndFake()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        _port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        _redis = Process.Start(new ProcessStartInfo("redis-server", $"--port {_port} --bind 127.0.0.1 --save \"\" --appendonly no --loglevel warning")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
        })!;
        _connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{_port},abortConnect=false,connectTimeout=2000");
        for (var tries = 0; !_connection.IsConnected && tries < 100; tries++)
        {
            await Task.Delay(100);
        }

        Assert.That(_connection.IsConnected, Is.True, "redis-server did not answer within 10 s");
        _fake = await FakeServerProcess.StartAsync();
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _fake.Dispose();
        _connection.Dispose();
        _redis.Kill();
        _redis.Dispose();
    }

    [Test]
    public async Task TwoProcessesSharingAKey_SpendOneBudget()
    {
        var key = await _fake.CreateKeyAsync("ws_fleet");
        var otherKey = await _fake.CreateKeyAsync("ws_fleet_other");
        // One permit a minute, no waiting: a second permit of the same key within the minute is refused.
        using var first = Limiter(_connection, key, permitsPerMinute: 1, maxWait: TimeSpan.Zero);
        using var second = Limiter(_connection, key, permitsPerMinute: 1, maxWait: TimeSpan.Zero);
        using var other = Limiter(_connection, otherKey, permitsPerMinute: 1, maxWait: TimeSpan.Zero);

        using var firstLease = await first.AcquireAsync();
        using var secondLease = await second.AcquireAsync();
        using var otherLease = await other.AcquireAsync();

        Assert.Multiple(() =>
        {
            Assert.That(firstLease.IsAcquired, Is.True);
            Assert.That(secondLease.IsAcquired, Is.False, "the other process's permit came out of the same budget");
            Assert.That(otherLease.IsAcquired, Is.True, "another key has a budget of its own");
            Assert.That(first.BudgetKey, Is.EqualTo(second.BudgetKey));
        });
    }

    [Test]
    public async Task AClientOnTheSharedBudget_CallsTheApi()
    {
        var key = await _fake.CreateKeyAsync("ws_fleet_client");
        using var limiter = Limiter(_connection, key);
        using var client = _fake.CreateClient(o => o.RateLimiter = limiter, apiKey: key);

        var ticket = await client.Tickets.CreateAsync(new CreateTicketRequest { Subject = "Budgeted", CustomerEmail = "a@example.com" });

        Assert.That((await client.Tickets.GetAsync(ticket.Id)).Subject, Is.EqualTo("Budgeted"));
    }

    [Test]
    public async Task WithRedisAway_TheClientFailsOpen_AndStillCalls()
    {
        var key = await _fake.CreateKeyAsync("ws_redis_away");
        var nowhere = new TcpListener(IPAddress.Loopback, 0);
        nowhere.Start();
        var closedPort = ((IPEndPoint)nowhere.LocalEndpoint).Port;
        nowhere.Stop();
        using var away = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{closedPort},abortConnect=false,connectTimeout=200");
        using var limiter = Limiter(away, key);
        using var client = _fake.CreateClient(o => o.RateLimiter = limiter, apiKey: key);

        var ticket = await client.Tickets.CreateAsync(new CreateTicketRequest { Subject = "Anyway", CustomerEmail = "a@example.com" });

        Assert.That(ticket.Subject, Is.EqualTo("Anyway"));
    }

    private static TixalloRedisRateLimiter Limiter(IConnectionMultiplexer connection, string apiKey, int permitsPerMinute = 600, TimeSpan? maxWait = null) =>
        new(new TixalloRedisRateLimiterOptions
        {
            Connection = connection,
            ApiKey = apiKey,
            PermitLimit = permitsPerMinute,
            Headroom = 0,
            Window = TimeSpan.FromMinutes(1),
            MaxWait = maxWait ?? TimeSpan.FromMinutes(1),
        });
}
