using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tixallo.Client.Resilience;

namespace Tixallo.Client.Http;

/// <summary>
/// The SDK's handler chain, defined once for both ways of building a client. Outermost first:
/// <list type="number">
/// <item><see cref="ResilienceHandler"/>: once per call; retries, attempt timeouts capped by the total, body limits.</item>
/// <item>the handlers a user added on the <c>IHttpClientBuilder</c> (and, under IHttpClientFactory, its logging): once per attempt.</item>
/// <item><see cref="AuthenticationHandler"/>: the key, for the base address's origin only, right above the primary handler.</item>
/// <item>the primary handler: <see cref="CreatePrimaryHandler"/>, or the caller's.</item>
/// </list>
/// <c>new TixalloClient(…)</c> and <c>AddTixalloClient</c> both call <see cref="Arrange"/> on the handlers between
/// the first and the last, the way <c>IHttpClientFactory</c>'s handler builder does.
/// </summary>
internal static class TixalloPipeline
{
    public const string LoggerCategory = "Tixallo.Client";

    /// <summary>
    /// The primary handler of a client the SDK builds itself: pooled connections renewed every 2 minutes, so DNS
    /// changes are seen; no redirects, as the API sends none; gzip and brotli, read within <c>MaxResponseContentBytes</c>
    /// after decompression.
    /// </summary>
    public static SocketsHttpHandler CreatePrimaryHandler() => new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Brotli,
    };

    /// <summary>The rate-limit gate of one client.</summary>
    public static RateLimitGate CreateGate(TixalloClientOptions options, ILogger logger) => new(options.TimeProvider, options.RateLimiter, options.Retry.MaxRetryAfter, logger);

    public static ILogger CreateLogger(ILoggerFactory? loggerFactory) =>
        (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(LoggerCategory);

    /// <summary>Puts the SDK's handlers around <paramref name="handlers"/> (outermost first) and <paramref name="primary"/>.</summary>
    /// <param name="handlers">The handlers between the SDK's own, outermost first: the user's, or none.</param>
    /// <param name="primary">The primary handler; on return, wrapped by the authentication handler.</param>
    /// <param name="options">The client's options, validated.</param>
    /// <param name="gate">The client's rate-limit gate: one per client, whatever handlers are built.</param>
    /// <param name="logger">The SDK's logger.</param>
    /// <param name="underHttpClientFactory">True under IHttpClientFactory, whose loggers hold the request: the key then goes on a copy.</param>
    public static void Arrange(IList<DelegatingHandler> handlers, ref HttpMessageHandler primary, TixalloClientOptions options, RateLimitGate gate, ILogger logger, bool underHttpClientFactory)
    {
        handlers.Insert(0, new ResilienceHandler(options, gate, logger));
        primary = new AuthenticationHandler(options.ApiKey!, NormalizeBaseAddress(options.BaseAddress), copyRequest: underHttpClientFactory) { InnerHandler = primary };
    }

    /// <summary>The chain a client built with <c>new</c> sends through.</summary>
    public static HttpMessageHandler CreateChain(TixalloClientOptions options, HttpMessageHandler primary, ILogger logger)
    {
        var handlers = new List<DelegatingHandler>();
        Arrange(handlers, ref primary, options, CreateGate(options, logger), logger, underHttpClientFactory: false);
        for (var i = handlers.Count - 1; i >= 0; i--)
        {
            handlers[i].InnerHandler = primary;
            primary = handlers[i];
        }

        return primary;
    }

    /// <summary>The base address with a trailing slash, so relative paths append to it instead of replacing its last segment.</summary>
    public static Uri NormalizeBaseAddress(Uri baseAddress) =>
        baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
}
