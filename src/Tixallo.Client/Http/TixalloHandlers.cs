using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tixallo.Client.Diagnostics;
using Tixallo.Client.Resilience;

namespace Tixallo.Client.Http;

/// <summary>
/// The SDK's handlers, in one order for both ways of building a client (outermost first): correlation,
/// resilience, then authentication directly above the primary handler.
/// </summary>
internal static class TixalloHandlers
{
    public const string LoggerCategory = "Tixallo.Client";

    /// <summary>The primary handler of a client the SDK builds itself: pooled connections renewed every 2 minutes, so DNS changes are seen.</summary>
    public static SocketsHttpHandler CreatePrimaryHandler() => new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        AutomaticDecompression = System.Net.DecompressionMethods.All,
    };

    public static ILogger CreateLogger(ILoggerFactory? loggerFactory) =>
        (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(LoggerCategory);

    public static CorrelationHandler CreateCorrelationHandler(TixalloClientOptions options, ILogger logger) => new(options, logger);

    public static ResilienceHandler CreateResilienceHandler(TixalloClientOptions options, ILogger logger) => new(options, logger);

    /// <param name="options">The client's options.</param>
    /// <param name="primary">The handler below it.</param>
    /// <param name="underHttpClientFactory">True under IHttpClientFactory, whose loggers hold the request: the header then goes on a copy.</param>
    public static AuthenticationHandler CreateAuthenticationHandler(TixalloClientOptions options, HttpMessageHandler primary, bool underHttpClientFactory) =>
        new(options.ApiKey!, copyRequest: underHttpClientFactory) { InnerHandler = primary };

    /// <summary>The whole chain over <paramref name="primary"/>, for a client built with <c>new</c>.</summary>
    public static HttpMessageHandler CreateChain(TixalloClientOptions options, HttpMessageHandler primary)
    {
        var logger = CreateLogger(options.LoggerFactory);
        var resilience = CreateResilienceHandler(options, logger);
        resilience.InnerHandler = CreateAuthenticationHandler(options, primary, underHttpClientFactory: false);
        var correlation = CreateCorrelationHandler(options, logger);
        correlation.InnerHandler = resilience;
        return correlation;
    }

    /// <summary>The base address with a trailing slash, so relative paths append to it instead of replacing its last segment.</summary>
    public static Uri NormalizeBaseAddress(Uri baseAddress) =>
        baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
}
