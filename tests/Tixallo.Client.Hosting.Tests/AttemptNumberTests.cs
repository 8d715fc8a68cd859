using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Tixallo.Client.Hosting.Tests.Support;
using Tixallo.Client.Tests.Support;

namespace Tixallo.Client.Hosting.Tests;

/// <summary>Each attempt's <see cref="HttpRequestMessage.Options"/> carries its number, wherever a handler reads it.</summary>
public class AttemptNumberTests
{
    [Test]
    public async Task ANewClient_NumbersEachAttempt_ForThePrimaryHandler()
    {
        var seen = new List<int?>();
        var clock = new TestClock();
        var stub = new StubHandler()
            .Respond(request => Recorded(seen, request, HttpStatusCode.ServiceUnavailable))
            .Respond(request => Recorded(seen, request, HttpStatusCode.ServiceUnavailable))
            .Respond(request => Recorded(seen, request, HttpStatusCode.OK));
        using var client = new TixalloClient(new TixalloClientOptions { ApiKey = TestHost.KeyA, BaseAddress = TestHost.BaseAddress, TimeProvider = clock }, stub);

        await clock.RunAsync(client.Tickets.GetAsync("tkt_1"));

        Assert.That(seen, Is.EqualTo(new int?[] { 1, 2, 3 }));
    }

    [Test]
    public async Task UnderTheFactory_AHandlerOnTheSdksBuilder_AndThePrimaryBelowTheKey_SeeTheNumber()
    {
        var seenByHandler = new List<int?>();
        var seenByPrimary = new List<int?>();
        await using var host = await TestHost.StartAsync((builder, parts) =>
            parts.OnStub(builder.Services.AddTixalloClient(o => parts.Sdk(o)))
                .AddHttpMessageHandler(() => new Recording(seenByHandler)));
        host.Stub.Respond(request => Recorded(seenByPrimary, request, HttpStatusCode.BadGateway))
            .Respond(request => Recorded(seenByPrimary, request, StubHandler.Json(HttpStatusCode.OK, Payloads.Ticket())));

        await host.Clock.RunAsync(host.Client.Tickets.GetAsync("tkt_1"));

        Assert.That(seenByHandler, Is.EqualTo(new int?[] { 1, 2 }));
        Assert.That(seenByPrimary, Is.EqualTo(new int?[] { 1, 2 }), "the copy the key goes on carries the options too");
    }

    private static HttpResponseMessage Recorded(List<int?> seen, HttpRequestMessage request, HttpStatusCode status) =>
        Recorded(seen, request, StubHandler.Json(status, status == HttpStatusCode.OK ? Payloads.Ticket() : null));

    private static HttpResponseMessage Recorded(List<int?> seen, HttpRequestMessage request, HttpResponseMessage response)
    {
        seen.Add(request.Options.TryGetValue(TixalloHttpRequestOptions.AttemptNumber, out var attempt) ? attempt : null);
        return response;
    }

    private sealed class Recording(List<int?> seen) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            seen.Add(request.Options.TryGetValue(TixalloHttpRequestOptions.AttemptNumber, out var attempt) ? attempt : null);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
