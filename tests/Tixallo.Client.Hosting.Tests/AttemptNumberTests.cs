using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Tixallo.Client.Hosting.Tests.Support;
using Tixallo.Client.Tests.Support;

namespace Tixallo.Client.Hosting.Tests;

/// <summary>
/// Under IHttpClientFactory, each attempt's <see cref="HttpRequestMessage.Options"/> carries its number, for a handler
/// on the SDK's builder and below the key's copy (a client built with <c>new</c>: DecisionEdgeTests in the unit suite).
/// </summary>
public class AttemptNumberTests
{
    [Test]
    public async Task UnderTheFactory_AHandlerOnTheSdksBuilder_AndThePrimaryBelowTheKey_SeeTheNumber()
    {
        var seenByHandler = new List<int?>();
        var seenByPrimary = new List<int?>();
        await using var host = await TestHost.StartAsync((builder, parts) =>
            parts.OnStub(builder.Services.AddTixalloClient(o => parts.Sdk(o)))
                .AddHttpMessageHandler(() => new Recording(seenByHandler)));
        host.Stub.Respond(request => Recorded(seenByPrimary, request, StubHandler.Json(HttpStatusCode.BadGateway, null)))
            .Respond(request => Recorded(seenByPrimary, request, StubHandler.Json(HttpStatusCode.OK, Payloads.Ticket())));

        await host.Clock.RunAsync(host.Client.Tickets.GetAsync("tkt_1"));

        Assert.That(seenByHandler, Is.EqualTo(new int?[] { 1, 2 }));
        Assert.That(seenByPrimary, Is.EqualTo(new int?[] { 1, 2 }), "the copy the key goes on carries the options too");
    }

    private static HttpResponseMessage Recorded(List<int?> seen, HttpRequestMessage request, HttpResponseMessage response)
    {
        seen.Add(AttemptOf(request));
        return response;
    }

    private static int? AttemptOf(HttpRequestMessage request) =>
        request.Options.TryGetValue(TixalloHttpRequestOptions.AttemptNumber, out var attempt) ? attempt : null;

    private sealed class Recording(List<int?> seen) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            seen.Add(AttemptOf(request));
            return base.SendAsync(request, cancellationToken);
        }
    }
}
