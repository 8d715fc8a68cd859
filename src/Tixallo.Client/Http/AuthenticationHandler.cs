namespace Tixallo.Client.Http;

/// <summary>
/// Adds <c>Authorization: Bearer …</c> directly above the primary handler, and only to a request whose scheme, host
/// and port are the base address's: whatever a handler did to the request's URI, the key never goes to another
/// origin (a stale header from an earlier attempt is removed). Under IHttpClientFactory, while the factory's loggers
/// log headers (Trace), it adds the key to a copy of the request: those logs keep a live reference to the request's
/// headers in their structured state, so setting the header on that message would leak the key to any sink that
/// reads the state later. Otherwise (a client built with <c>new</c>, or the factory's header logging off, which is
/// when the factory builds no such state) it sets the header in place.
/// </summary>
/// <param name="credential">The key.</param>
/// <param name="baseAddress">The API's origin: the only one the key goes to.</param>
/// <param name="headersLogged">Under IHttpClientFactory, whether its loggers log the request's headers now; null otherwise.</param>
/// <remarks>The key is read from the credential per attempt, so an update (key rotation) reaches the next attempt.</remarks>
internal sealed class AuthenticationHandler(TixalloApiKeyCredential credential, Uri baseAddress, Func<bool>? headersLogged) : DelegatingHandler
{
    private const string AuthorizationHeader = "Authorization";

    private readonly string _scheme = baseAddress.Scheme;
    private readonly string _host = baseAddress.IdnHost;
    private readonly int _port = baseAddress.Port;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!IsApiOrigin(request.RequestUri))
        {
            request.Headers.Remove(AuthorizationHeader);
            return base.SendAsync(request, cancellationToken);
        }

        if (headersLogged?.Invoke() == true)
        {
            return SendCopyAsync(request, cancellationToken);
        }

        Authorize(request);
        return base.SendAsync(request, cancellationToken);
    }

    /// <summary>The key at hand as the request's only <c>Authorization</c>: an earlier attempt's value is replaced.</summary>
    private void Authorize(HttpRequestMessage request)
    {
        request.Headers.Remove(AuthorizationHeader);
        request.Headers.TryAddWithoutValidation(AuthorizationHeader, credential.Authorization);
    }

    // Uri caches its parsed parts: these reads cost no parsing or allocation, unlike Uri.Compare.
    private bool IsApiOrigin(Uri? uri) =>
        uri is { IsAbsoluteUri: true }
        && uri.Port == _port
        && string.Equals(uri.Scheme, _scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(uri.IdnHost, _host, StringComparison.OrdinalIgnoreCase);

    private async Task<HttpResponseMessage> SendCopyAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // Not disposed: it shares the original's content, which stays the caller's.
        var authorized = new HttpRequestMessage(request.Method, request.RequestUri)
        {
            Content = request.Content,
            Version = request.Version,
#if NET
            VersionPolicy = request.VersionPolicy,
#endif
        };
#if NET
        foreach (var header in request.Headers.NonValidated)
        {
            // The string overload: a single value is not boxed into an IEnumerable.
            _ = header.Value.Count == 1
                ? authorized.Headers.TryAddWithoutValidation(header.Key, header.Value.ToString())
                : authorized.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        // The options too (the attempt number among them): the HTTP span's enrichers below read them from this copy.
        IDictionary<string, object?> options = authorized.Options;
        foreach (var option in request.Options)
        {
            options.Add(option);
        }
#else
        foreach (var header in request.Headers)
        {
            _ = authorized.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        foreach (var property in request.Properties)
        {
            authorized.Properties.Add(property);
        }
#endif

        Authorize(authorized);
        var response = await base.SendAsync(authorized, cancellationToken).ConfigureAwait(false);
        response.RequestMessage = request;
        return response;
    }
}
