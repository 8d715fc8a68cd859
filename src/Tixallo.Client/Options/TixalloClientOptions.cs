using Microsoft.Extensions.Logging;

namespace Tixallo.Client;

/// <summary>Settings of a <see cref="TixalloClient"/>. Bindable from configuration (e.g. a <c>Tixallo</c> section).</summary>
public sealed class TixalloClientOptions
{
    /// <summary>The production API's address, <c>https://api.tixallo.com/v1/</c>.</summary>
    public static Uri DefaultBaseAddress { get; } = new("https://api.tixallo.com/v1/");

    /// <summary>
    /// The API key (<c>tx_live_…</c>), sent as a Bearer token. Set it or <see cref="Credential"/>, not both. Never logged
    /// nor shown by <see cref="ToString"/>. Under <c>AddTixalloClient</c> with bound configuration, a reload that
    /// changes it reaches the next attempt; a client built with <c>new</c> keeps the key it was built with (use
    /// <see cref="Credential"/> to rotate it).
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// The API key as a credential you can <see cref="TixalloApiKeyCredential.Update"/> while the client runs (key
    /// rotation); every attempt reads the key at hand. Set it or <see cref="ApiKey"/>, not both. Default null.
    /// </summary>
    public TixalloApiKeyCredential? Credential { get; set; }

    /// <summary>
    /// The API's base address. Must be absolute, without user information, query or fragment; plain <c>http</c> is
    /// allowed only to a loopback host (a local fake). The API key is sent to this address's scheme, host and port only.
    /// Default <see cref="DefaultBaseAddress"/>.
    /// </summary>
    public Uri BaseAddress { get; set; } = DefaultBaseAddress;

    /// <summary>The retry settings.</summary>
    public TixalloRetryOptions Retry { get; set; } = new();

    /// <summary>
    /// How long one attempt may take until the response headers arrive (for JSON calls, until the body is read).
    /// A timed-out attempt is retried. At most <see cref="TotalTimeout"/>. Default 30 s.
    /// </summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a call may take in all, every attempt and wait included; then it fails with <see cref="TixalloTimeoutException"/>. Default 2 min.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// When true, adding a message to a merged ticket reads the ticket and posts to the ticket it was merged into,
    /// following chains of merges. Default false: the call fails with <see cref="TixalloTicketMergedException"/>.
    /// </summary>
    public bool FollowMergedTickets { get; set; }

    /// <summary>
    /// The most bytes of a response body the client reads into memory, counted after decompression: 16 MiB by default.
    /// The API's largest answer is a page of 100 items; even with every character of a 10,000-character text escaped
    /// (<c>\uXXXX</c>, 6 bytes) a page stays near 6 MB, so the default leaves more than twice that. A longer body is not
    /// read further: the call fails with a <see cref="TixalloApiException"/> whose <see cref="TixalloApiException.ErrorCode"/>
    /// is <c>response_too_large</c>, and is not retried. Error bodies are read up to 256 KiB; a download
    /// (<see cref="IAttachmentsClient.DownloadAsync"/>) is streamed to you and not counted. 1 KiB to 1 GiB.
    /// </summary>
    public long MaxResponseContentBytes { get; set; } = DefaultMaxResponseContentBytes;

    /// <summary>The default <see cref="MaxResponseContentBytes"/>: 16 MiB.</summary>
    public const long DefaultMaxResponseContentBytes = 16L * 1024 * 1024;

    /// <summary>The clock for timeouts and retry waits. Tests pass a fake one. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// A limiter every attempt (retries included) takes one permit from before it is sent, so the client spends the API's
    /// rate budget evenly instead of learning it from 429s; null (the default) for none. <see cref="TixalloRateLimiters"/>
    /// makes one sized from the API's documented limits; <c>Tixallo.Client.Redis</c> shares one budget across processes.
    /// Waiting for a permit counts against <see cref="TotalTimeout"/>; a call that gets none in time fails with a
    /// client-side <see cref="TixalloRateLimitException"/>. Share one limiter between the clients that use one key.
    /// The client first asks <c>AttemptAcquire</c> for a permit at hand and, when it gets none, waits for one with
    /// <c>AcquireAsync</c> (bounded by the call's time left and your token): a limiter of your own must answer
    /// <c>AttemptAcquire</c> from local state, never over the network, as the Redis limiter does.
    /// </summary>
    public System.Threading.RateLimiting.RateLimiter? RateLimiter { get; set; }

    /// <summary>Makes the <c>x-correlation-id</c> of calls made outside a <see cref="TixalloCorrelation"/> scope; a new GUID per call when null.</summary>
    public Func<string>? CorrelationIdGenerator { get; set; }

    /// <summary>
    /// Where a client built with <c>new</c> writes its logs (retries, failures); none when null. A client registered
    /// with <c>AddTixalloClient</c> uses the container's logger factory when this is null.
    /// </summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <inheritdoc />
    public override string ToString() =>
        $"TixalloClientOptions {{ BaseAddress = {Redacted(BaseAddress)}, ApiKey = {(string.IsNullOrEmpty(ApiKey) ? "(not set)" : "(set)")}, Credential = {(Credential is null ? "(not set)" : "(set)")}, " +
        $"AttemptTimeout = {AttemptTimeout}, TotalTimeout = {TotalTimeout}, FollowMergedTickets = {FollowMergedTickets}, " +
        $"MaxResponseContentBytes = {MaxResponseContentBytes}, RateLimiter = {(RateLimiter is null ? "(none)" : RateLimiter.GetType().Name)}, Retry = {{ {Retry} }} }}";

    /// <summary>The address without user information, query or fragment, which may hold secrets (and are refused anyway).</summary>
    internal static string? Redacted(Uri? address) =>
        address is { IsAbsoluteUri: true } ? address.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped) : address?.ToString();
}
