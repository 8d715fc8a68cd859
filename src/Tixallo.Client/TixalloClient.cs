using Microsoft.Extensions.Logging;
using Tixallo.Client.Http;
using Tixallo.Client.Options;
using Tixallo.Client.Transport;

namespace Tixallo.Client;

/// <summary>
/// The Tixallo API client. Thread-safe and meant to be long-lived: create one and share it, or register it with
/// <c>services.AddTixalloClient(…)</c>. Every call retries transient failures, carries an <c>x-correlation-id</c>,
/// and fails with a <see cref="TixalloException"/>.
/// </summary>
public sealed partial class TixalloClient : ITixalloClient, IDisposable
{
    private readonly HttpClient _httpClient;
    private readonly bool _ownsHttpClient;
    private readonly TixalloTransport _transport;
    private readonly View _view;

    /// <summary>Creates a client for the production API with default settings.</summary>
    /// <param name="apiKey">The API key (<c>tx_live_…</c>).</param>
    /// <exception cref="ArgumentException">The key is null or empty.</exception>
    public TixalloClient(string apiKey)
        : this(new TixalloClientOptions { ApiKey = RequireKey(apiKey) })
    {
    }

    /// <summary>Creates a client with its own connection pool.</summary>
    /// <param name="options">The settings; <see cref="TixalloClientOptions.ApiKey"/> is required.</param>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    public TixalloClient(TixalloClientOptions options)
        : this(Checked(options), TixalloPipeline.CreatePrimaryHandler(), ownsPrimaryHandler: true)
    {
    }

    /// <summary>
    /// Creates a client that runs the SDK's pipeline (retries, timeouts, limits, authentication) over your handler,
    /// for a proxy or a test double. You keep ownership of <paramref name="primaryHandler"/>: disposing the client
    /// does not dispose it. The key is only ever added to requests for the base address's scheme, host and port, even
    /// if your handler follows redirects.
    /// </summary>
    /// <param name="options">The settings; <see cref="TixalloClientOptions.ApiKey"/> is required.</param>
    /// <param name="primaryHandler">The handler that sends requests to the network.</param>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    public TixalloClient(TixalloClientOptions options, HttpMessageHandler primaryHandler)
        : this(Checked(options), primaryHandler ?? throw new ArgumentNullException(nameof(primaryHandler)), ownsPrimaryHandler: false)
    {
    }

    private TixalloClient(TixalloClientOptions options, HttpMessageHandler primaryHandler, bool ownsPrimaryHandler)
        : this(ClientParts.For(options, TixalloPipeline.CreateLogger(options.LoggerFactory)), primaryHandler, ownsPrimaryHandler)
    {
    }

    private TixalloClient(ClientParts client, HttpMessageHandler primaryHandler, bool ownsPrimaryHandler)
        : this(new HttpClient(TixalloPipeline.CreateChain(client, primaryHandler), disposeHandler: ownsPrimaryHandler), client.Options, client.Logger, ownsHttpClient: true)
    {
    }

    /// <summary>Wraps an <see cref="HttpClient"/> whose handlers are already the SDK's (from <c>IHttpClientFactory</c>).</summary>
    internal TixalloClient(HttpClient httpClient, TixalloClientOptions options, ILogger logger, bool ownsHttpClient)
    {
        _httpClient = httpClient;
        _ownsHttpClient = ownsHttpClient;
        _httpClient.Timeout = Timeout.InfiniteTimeSpan; // the pipeline owns timeouts
        // Constant headers are set once: HttpClient copies them into each request more cheaply than adding them there.
        _httpClient.DefaultRequestHeaders.TryAddWithoutValidation("Accept", "application/json");
        _httpClient.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", UserAgent.Value);
        _transport = new TixalloTransport(httpClient, options, logger);
        _view = new View(_transport, options.FollowMergedTickets);
    }

    /// <inheritdoc />
    public ITicketsClient Tickets => _view.Tickets;

    /// <inheritdoc />
    public IMessagesClient Messages => _view.Messages;

    /// <inheritdoc />
    public ITemplatesClient Templates => _view.Templates;

    /// <inheritdoc />
    public IAttachmentsClient Attachments => _view.Attachments;

    /// <inheritdoc />
    public ITixalloClient WithOptions(TixalloRequestOptions options) => _view.WithOptions(options);

    /// <summary>
    /// Releases the client's connections (not those of a primary handler you passed in). Calls under way end with
    /// <see cref="ObjectDisposedException"/>, as later ones do.
    /// </summary>
    public void Dispose()
    {
        _transport.MarkDisposed();
        if (_ownsHttpClient)
        {
            _httpClient.Dispose();
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"TixalloClient {{ BaseAddress = {TixalloClientOptions.Redacted(_transport.BaseAddress)} }}";

    private static string RequireKey(string apiKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        return apiKey;
    }

    private static TixalloClientOptions Checked(TixalloClientOptions options)
    {
        TixalloClientOptionsValidator.ThrowIfInvalid(options, nameof(options));
        return options;
    }
}
