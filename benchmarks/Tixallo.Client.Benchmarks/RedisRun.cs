using System.Diagnostics;
using System.Globalization;
using StackExchange.Redis;
using Tixallo.Client.Redis;

namespace Tixallo.Client.Benchmarks;

/// <summary>
/// What one permit from <see cref="TixalloRedisRateLimiter"/> costs when no turn has to be waited for: the round trip
/// of its Lua script to a Redis server on loopback, one acquire at a time, after a warm-up.
/// </summary>
public static class RedisRun
{
    public static async Task RunAsync(string endpoint, int count, TextWriter output)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(endpoint);
        using var limiter = new TixalloRedisRateLimiter(new TixalloRedisRateLimiterOptions
        {
            Connection = connection,
            ApiKey = "tx_bench_redis_" + Guid.NewGuid().ToString("N"),
            PermitLimit = int.MaxValue,
            Window = TimeSpan.FromHours(1),
        });
        var times = new double[count];
        for (var i = -1000; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var lease = await limiter.AcquireAsync();
            if (i >= 0)
            {
                times[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            }
        }

        Array.Sort(times);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Redis permit on loopback ({endpoint}), {count} acquires one at a time: median {times[count / 2]:0} µs, p90 {times[count * 9 / 10]:0} µs, p99 {times[count * 99 / 100]:0} µs"));
    }
}
