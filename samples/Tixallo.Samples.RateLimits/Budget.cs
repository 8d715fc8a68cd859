using System.Threading.RateLimiting;
using StackExchange.Redis;
using Tixallo.Client;
using Tixallo.Client.Redis;

namespace Tixallo.Samples.RateLimits;

/// <summary>The README's three levels of rate limiting, as code that runs: one client, one process, a fleet.</summary>
public static class Budget
{
    /// <summary>A client for one of the three levels.</summary>
    /// <param name="level">"client", "process" or "fleet".</param>
    /// <param name="apiKey">The API key.</param>
    /// <param name="baseAddress">The API's base address.</param>
    /// <param name="redis">A Redis connection, for the fleet level.</param>
    /// <param name="perMinute">The key's budget: the API's 60 a minute by default.</param>
    /// <returns>The client and the limiter to dispose with it, if any.</returns>
    public static (TixalloClient Client, RateLimiter? Limiter) Create(string level, string apiKey, Uri baseAddress, IConnectionMultiplexer? redis = null, int perMinute = 60)
    {
        // <rate-limits>
        RateLimiter? limiter = level switch
        {
            // 1. One client: nothing to set. A 429 holds every call of the client until its wait is over.
            "client" => null,
            // 2. One process: permits evenly spaced, perMinute a minute, shared by every call in the process.
            "process" => TixalloRateLimiters.PerApiKey(perMinute),
            // 3. A fleet: one budget in Redis for every process that uses the key (only a hash of the key is stored).
            "fleet" => new TixalloRedisRateLimiter(new TixalloRedisRateLimiterOptions { Connection = redis, ApiKey = apiKey, PermitLimit = perMinute }),
            _ => throw new ArgumentOutOfRangeException(nameof(level)),
        };
        var client = new TixalloClient(new TixalloClientOptions { ApiKey = apiKey, BaseAddress = baseAddress, RateLimiter = limiter });
        // </rate-limits>
        return (client, limiter);
    }
}
