using System.Net.Http.Headers;

namespace Tixallo.Client.Http;

/// <summary>
/// Adds <c>Authorization: Bearer …</c> as the request leaves for the network. It sits directly above the
/// primary handler, below every logging handler, so no <c>HttpClient</c> log ever holds the API key.
/// </summary>
internal sealed class AuthenticationHandler(string apiKey) : DelegatingHandler
{
    private readonly AuthenticationHeaderValue _authorization = new("Bearer", apiKey);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = _authorization;
        return base.SendAsync(request, cancellationToken);
    }

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = _authorization;
        return base.Send(request, cancellationToken);
    }
}
