using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Tixallo.Client.Http;
using Tixallo.Client.Resilience;

namespace Tixallo.Client.Transport;

/// <summary>
/// The one list of what every call and every attempt goes through, outermost first, for both ways of building a client
/// (as Azure.Core's <c>HttpPipelineBuilder</c> and openai-dotnet's <c>CreatePipeline</c> list theirs):
/// <list type="number">
/// <item>the transport (<see cref="TixalloTransport"/>), once per call: the request made with its settings fixed, the
/// call's activity and metrics, the outcome turned into a model or a typed exception;</item>
/// <item><see cref="ResilienceHandler"/>, once per call: the first attempt at once, then, only when its outcome may be
/// retried, the Polly pipeline <see cref="PerCall"/> with that outcome as its first attempt's:
///   <list type="bullet">
///   <item>the retry (<see cref="CallRetry"/>), Polly's: whether and after what wait an attempt is made again;</item>
///   <item>per attempt, the rate-limit gate (<see cref="AttemptGate"/>): a 429's hold waited out, the probe after it, a permit of the limiter;</item>
///   <item>per attempt, the attempt timeout (<see cref="AttemptTimeouts"/>): cut to what is left of the total, silence for an upload;</item>
///   <item>the attempt itself: its answer read within limits, an error decoded once, a 429's hold set;</item>
///   </list></item>
/// <item>the handlers a user added on the <c>IHttpClientBuilder</c> (and, under IHttpClientFactory, its logging, and the
/// host-wide defaults' handlers but their resilience handlers, which <c>DependencyInjection/RegisteredClient</c> removes): once per attempt;</item>
/// <item><see cref="AuthenticationHandler"/>: the credential's key at hand, for the base address's origin only, right above the primary handler;</item>
/// <item>the primary handler: <see cref="CreatePrimaryHandler"/>, or the caller's.</item>
/// </list>
/// <c>new TixalloClient(…)</c> and <c>AddTixalloClient</c> both call <see cref="Arrange"/> on the handlers between
/// the SDK's own, the way <c>IHttpClientFactory</c>'s handler builder does.
/// </summary>
internal static class TixalloPipeline
{
    public const string LoggerCategory = "Tixallo.Client";

    /// <summary>
    /// The primary handler of a client the SDK builds itself: pooled connections renewed every 2 minutes, so DNS
    /// changes are seen; no redirects, as the API sends none; gzip and brotli, read within <c>MaxResponseContentBytes</c>
    /// after decompression.
    /// </summary>
#if NET
    public static SocketsHttpHandler CreatePrimaryHandler() => new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Brotli,
    };
#else
    // .NET Framework's handler: connections are pooled by ServicePointManager, per origin, and closed after 100 s idle
    // (DNS changes are seen then; an app that needs sooner sets the ServicePoint's ConnectionLeaseTimeout: README);
    // no Brotli, so gzip and deflate; redirects off as above.
    public static HttpClientHandler CreatePrimaryHandler() => new()
    {
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
    };
#endif

    public static ILogger CreateLogger(ILoggerFactory? loggerFactory) =>
        (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(LoggerCategory);

    /// <summary>Puts the SDK's handlers around <paramref name="handlers"/> (outermost first) and <paramref name="primary"/>.</summary>
    /// <param name="handlers">The handlers between the SDK's own, outermost first: the user's, or none.</param>
    /// <param name="primary">The primary handler; on return, wrapped by the authentication handler.</param>
    /// <param name="client">The client's options, gate, credential and logger: the same for every chain built for it.</param>
    /// <param name="headersLogged">Under IHttpClientFactory, whether its loggers log request headers now (they then hold the request: the key goes on a copy); null with <c>new</c>.</param>
    public static void Arrange(IList<DelegatingHandler> handlers, ref HttpMessageHandler primary, ClientParts client, Func<bool>? headersLogged)
    {
        var options = client.Options;
        var retry = Retry(options, client.Gate, client.Logger);
        // Built when a call first needs it, an attempt whose outcome may be retried: Polly validates each strategy's
        // options with data annotations, whose first use in a process costs tens of milliseconds.
        var pipeline = new Lazy<ResiliencePipeline<HttpResponseMessage>>(() => PerCall(retry, options.TimeProvider));
        handlers.Insert(0, new ResilienceHandler(pipeline, retry, client.Gate, options.TimeProvider, client.Logger));
        primary = new AuthenticationHandler(client.Credential, NormalizeBaseAddress(options.BaseAddress), headersLogged) { InnerHandler = primary };
    }

    /// <summary>The retry of a client's calls.</summary>
    /// <param name="options">The client's options, validated.</param>
    /// <param name="gate">The client's rate-limit gate.</param>
    /// <param name="logger">The SDK's logger.</param>
    /// <param name="random">Draws in [0, 1) for the jitter; tests pass a fixed one.</param>
    public static CallRetry Retry(TixalloClientOptions options, RateLimitGate gate, ILogger logger, Func<double>? random = null)
    {
        // The one place that draws the jitter: a thread-safe source of the process's, or a test's fixed one.
#pragma warning disable RS0030 // Random.Shared is banned elsewhere: this is the jitter's one source
        return new CallRetry(options.Retry, gate, options.TimeProvider, logger, random ?? Random.Shared.NextDouble);
#pragma warning restore RS0030
    }

    /// <summary>The Polly pipeline of a call whose first attempt may be retried: the retry. Each attempt it makes goes through the gate and the attempt timeout in <see cref="ResilienceHandler"/>.</summary>
    /// <param name="retry">The client's retry.</param>
    /// <param name="timeProvider">The client's clock: Polly waits on it between attempts.</param>
    public static ResiliencePipeline<HttpResponseMessage> PerCall(CallRetry retry, TimeProvider timeProvider) =>
        new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider }
            .AddRetry(retry.StrategyOptions)
            .Build();

    /// <summary>The chain a client built with <c>new</c> sends through.</summary>
    public static HttpMessageHandler CreateChain(ClientParts client, HttpMessageHandler primary)
    {
        var handlers = new List<DelegatingHandler>();
        Arrange(handlers, ref primary, client, headersLogged: null);
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
