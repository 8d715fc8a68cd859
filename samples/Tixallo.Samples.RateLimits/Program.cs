using System.Diagnostics;
using System.Diagnostics.Metrics;
using StackExchange.Redis;
using Tixallo.Client;
using Tixallo.Client.Testing;
using Tixallo.Samples.RateLimits;

// Twelve concurrent calls at each level against a local fake allowing 5 a second (the real API allows 60 a minute);
// the limiters are sized a little under that: 280 a minute.
// With REDIS=host:port set, the fleet level runs too. Shows what each level sends and how many 429s it meets.
var redisEndpoint = Environment.GetEnvironmentVariable("REDIS");
var sent = 0L;
using var attempts = new MeterListener { InstrumentPublished = (i, l) => { if (i.Name == "tixallo.client.attempts") { l.EnableMeasurementEvents(i); } } };
attempts.SetMeasurementEventCallback<long>((_, n, _, _) => Interlocked.Add(ref sent, n));
attempts.Start();
await using var redis = string.IsNullOrEmpty(redisEndpoint) ? null : await ConnectionMultiplexer.ConnectAsync(redisEndpoint);
foreach (var level in redis is null ? new[] { "client", "process" } : ["client", "process", "fleet"])
{
    await using var server = await TixalloFakeServer.StartAsync(new TixalloFakeServerOptions { RateLimitPerMinute = 5, RateLimitWindow = TimeSpan.FromSeconds(1) });
    var key = server.CreateApiKey();
    var (client, limiter) = Budget.Create(level, key, server.BaseAddress, redis, perMinute: 280);
    using (client)
    using (limiter)
    {
        var started = Stopwatch.GetTimestamp();
        Interlocked.Exchange(ref sent, 0);
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 12).Select(async i =>
        {
            try
            {
                await client.Tickets.CreateAsync(new CreateTicketRequest { Subject = $"#{i}", CustomerEmail = "ada@example.com" });
                return "created";
            }
            catch (TixalloRateLimitException e)
            {
                return e.IsClientSide ? "refused by the client" : "429";
            }
        }));
        Console.WriteLine($"{level,-8} {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s, {Interlocked.Read(ref sent)} requests sent for 12 calls: " +
            string.Join(", ", outcomes.GroupBy(o => o).Select(g => $"{g.Count()} {g.Key}")));
    }
}
