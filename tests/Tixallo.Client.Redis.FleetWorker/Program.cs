using System.Diagnostics;
using System.Globalization;
using System.Threading.RateLimiting;
using StackExchange.Redis;
using Tixallo.Client;
using Tixallo.Client.Redis;

// One member of a fleet sharing an API key: for a given time it asks for twice its share of the budget through
// `concurrency` loops, with no limiter, an in-process one, or the Redis one, and prints what happened as one line:
//   ok <n> limited <n> clientside <n> other <n> oktimes <unix-ms>,<unix-ms>,...
// Usage: <base-address> <api-key> <ticket-id> <none|inprocess|redis|redis-restarted> <redis-endpoint> <seconds> <permits> <window-ms> <requests> <concurrency>
//        <warm-up-key> <start-at-unix-ms>
// Before the start time every process warms up (JIT, connections, the Redis script) with a key other than the fleet's,
// so that a slow first request does not open the server's window late.
var (baseAddress, apiKey, ticketId, mode, redis) = (new Uri(args[0]), args[1], args[2], args[3], args[4]);
var (seconds, permits, window, requests, concurrency) = (
    double.Parse(args[5], CultureInfo.InvariantCulture), int.Parse(args[6], CultureInfo.InvariantCulture),
    TimeSpan.FromMilliseconds(int.Parse(args[7], CultureInfo.InvariantCulture)), int.Parse(args[8], CultureInfo.InvariantCulture), int.Parse(args[9], CultureInfo.InvariantCulture));

var (warmUpKey, startAt) = (args[10], DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(args[11], CultureInfo.InvariantCulture)));
var usesRedis = mode.StartsWith("redis", StringComparison.Ordinal);
// As an application connects: a Redis that goes away mid-run is reconnected to in the background.
await using var connection = usesRedis ? await ConnectionMultiplexer.ConnectAsync(redis + ",abortConnect=false") : null;
using (var warmUpLimiter = usesRedis ? new TixalloRedisRateLimiter(new TixalloRedisRateLimiterOptions { Connection = connection, ApiKey = warmUpKey + Environment.ProcessId }) : null)
using (var warmUp = new TixalloClient(new TixalloClientOptions { ApiKey = warmUpKey, BaseAddress = baseAddress, RateLimiter = warmUpLimiter }))
{
    await warmUp.Tickets.GetAsync(ticketId).ContinueWith(_ => { }, TaskScheduler.Default);
}

if (startAt > DateTimeOffset.UtcNow)
{
    await Task.Delay(startAt - DateTimeOffset.UtcNow);
}

using RateLimiter? limiter = mode switch
{
    _ when usesRedis => new TixalloRedisRateLimiter(new TixalloRedisRateLimiterOptions { Connection = connection, ApiKey = apiKey, PermitLimit = permits, Window = window, MaxWait = TimeSpan.FromSeconds(seconds) }),
    "inprocess" => TixalloRateLimiters.Evenly(permits, window),
    _ => null,
};
using var client = new TixalloClient(new TixalloClientOptions
{
    ApiKey = apiKey,
    BaseAddress = baseAddress,
    RateLimiter = limiter,
    TotalTimeout = TimeSpan.FromSeconds(seconds),
    AttemptTimeout = TimeSpan.FromSeconds(Math.Min(seconds, 10)),
    Retry = new TixalloRetryOptions { MaxRetries = 0 },
});

var deadline = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
var (ok, limited, clientSide, other, next) = (0, 0, 0, 0, 0);
var okTimes = new List<long>();
await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
{
    while (Interlocked.Increment(ref next) <= requests && Stopwatch.GetTimestamp() < deadline)
    {
        try
        {
            using var left = new CancellationTokenSource(TimeSpan.FromSeconds(Math.Max(0.01, (deadline - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency)));
            await client.Tickets.GetAsync(ticketId, left.Token);
            lock (okTimes)
            {
                ok++;
                okTimes.Add(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            }
        }
        catch (TixalloRateLimitException e)
        {
            Interlocked.Increment(ref e.IsClientSide ? ref clientSide : ref limited);
        }
        catch (Exception e) when (e is TixalloException or OperationCanceledException)
        {
            Interlocked.Increment(ref other);
        }
    }
}));

Console.WriteLine(FormattableString.Invariant($"ok {ok} limited {limited} clientside {clientSide} other {other} oktimes {string.Join(',', okTimes)}"));
