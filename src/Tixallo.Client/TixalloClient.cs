using Tixallo.Client.Http;

namespace Tixallo.Client;

/// <summary>
/// The Tixallo API client. Thread-safe and meant to be long-lived: create one and share it, or register it with
/// <c>services.AddTixalloClient(…)</c>. Every call retries transient failures, carries an <c>x-correlation-id</c>,
/// and fails with a <see cref="TixalloException"/>.
/// </summary>
public sealed class TixalloClient : ITixalloClient, IDisposable
{
    private readonly HttpClient _httpClient;
    private readonly bool _ownsHttpClient;
    private readonly Uri _baseAddress;

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
        : this(Checked(options), TixalloHandlers.CreatePrimaryHandler(), ownsPrimaryHandler: true)
    {
    }

    /// <summary>
    /// Creates a client that runs the SDK's pipeline (correlation, retries, timeouts, authentication) over your
    /// handler, for a proxy or a test double. You keep ownership of <paramref name="primaryHandler"/>: disposing
    /// the client does not dispose it.
    /// </summary>
    /// <param name="options">The settings; <see cref="TixalloClientOptions.ApiKey"/> is required.</param>
    /// <param name="primaryHandler">The handler that sends requests to the network.</param>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    public TixalloClient(TixalloClientOptions options, HttpMessageHandler primaryHandler)
        : this(Checked(options), primaryHandler ?? throw new ArgumentNullException(nameof(primaryHandler)), ownsPrimaryHandler: false)
    {
    }

    private TixalloClient(TixalloClientOptions options, HttpMessageHandler primaryHandler, bool ownsPrimaryHandler)
        : this(new HttpClient(TixalloHandlers.CreateChain(options, primaryHandler), disposeHandler: ownsPrimaryHandler), options, ownsHttpClient: true)
    {
    }

    /// <summary>Wraps an <see cref="HttpClient"/> whose handlers are already the SDK's (from <c>IHttpClientFactory</c>).</summary>
    internal TixalloClient(HttpClient httpClient, TixalloClientOptions options, bool ownsHttpClient)
    {
        _httpClient = httpClient;
        _ownsHttpClient = ownsHttpClient;
        _httpClient.Timeout = Timeout.InfiniteTimeSpan; // the pipeline owns timeouts
        // Constant headers are set once: HttpClient copies them into each request more cheaply than adding them there.
        _httpClient.DefaultRequestHeaders.TryAddWithoutValidation("Accept", "application/json");
        _httpClient.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", UserAgent.Value);
        _baseAddress = TixalloHandlers.NormalizeBaseAddress(options.BaseAddress);

        var transport = new TixalloTransport(httpClient, _baseAddress, options.TimeProvider);
        Tickets = new TicketsClient(transport);
        Messages = new MessagesClient(transport, Tickets, options.FollowMergedTickets);
        Templates = new TemplatesClient(transport);
        Attachments = new AttachmentsClient(transport);
    }

    /// <inheritdoc />
    public ITicketsClient Tickets { get; }

    /// <inheritdoc />
    public IMessagesClient Messages { get; }

    /// <inheritdoc />
    public ITemplatesClient Templates { get; }

    /// <inheritdoc />
    public IAttachmentsClient Attachments { get; }

    /// <summary>Releases the client's connections (not those of a primary handler you passed in).</summary>
    public void Dispose()
    {
        if (_ownsHttpClient)
        {
            _httpClient.Dispose();
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"TixalloClient {{ BaseAddress = {_baseAddress} }}";

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
