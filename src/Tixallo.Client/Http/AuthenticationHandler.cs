using System.Net.Http.Headers;

namespace Tixallo.Client.Http;

/// <summary>
/// Adds <c>Authorization: Bearer …</c> to a copy of the request, sent directly to the primary handler. The
/// message that every logging handler above holds never carries the key: IHttpClientFactory's loggers keep a
/// live reference to its headers in their structured state, so setting the header on it would leak the key to
/// any sink that reads that state after this point.
/// </summary>
internal sealed class AuthenticationHandler(string apiKey) : DelegatingHandler
{
    private readonly AuthenticationHeaderValue _authorization = new("Bearer", apiKey);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // Not disposed: it shares the original's content, which stays the caller's.
        var authorized = new HttpRequestMessage(request.Method, request.RequestUri)
        {
            Content = request.Content,
            Version = request.Version,
            VersionPolicy = request.VersionPolicy,
        };
        foreach (var header in request.Headers.NonValidated)
        {
            authorized.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        foreach (var option in request.Options)
        {
            ((IDictionary<string, object?>)authorized.Options)[option.Key] = option.Value;
        }

        authorized.Headers.Authorization = _authorization;
        var response = await base.SendAsync(authorized, cancellationToken).ConfigureAwait(false);
        response.RequestMessage = request;
        return response;
    }
}
