using Microsoft.Extensions.Logging;
using Tixallo.Client.Resilience;

namespace Tixallo.Client.Transport;

/// <summary>
/// What one client keeps across every handler chain built for it (IHttpClientFactory rebuilds them every 2 minutes):
/// its options, its logger, its rate-limit gate (one rate budget, whatever chain a call takes) and its credential (one
/// key to rotate).
/// </summary>
internal sealed class ClientParts
{
    /// <param name="options">The client's options, validated.</param>
    /// <param name="logger">The SDK's logger.</param>
    /// <param name="credential">The key every attempt reads: the options' <see cref="TixalloClientOptions.Credential"/>, else one holding their key.</param>
    public ClientParts(TixalloClientOptions options, ILogger logger, TixalloApiKeyCredential credential)
    {
        Options = options;
        Logger = logger;
        Credential = credential;
        Gate = new RateLimitGate(options.TimeProvider, options.RateLimiter, options.Retry.MaxRetryAfter, logger);
    }

    public TixalloClientOptions Options { get; }

    public ILogger Logger { get; }

    public TixalloApiKeyCredential Credential { get; }

    public RateLimitGate Gate { get; }

    /// <summary>A client's parts: its key is the options' credential, else a credential holding the options' key.</summary>
    public static ClientParts For(TixalloClientOptions options, ILogger logger) =>
        new(options, logger, options.Credential ?? new TixalloApiKeyCredential(options.ApiKey!));
}
