using System.Net;
using Tixallo.Client.Tests.Support;

namespace Tixallo.Client.Tests.Diagnostics;

public class CorrelationTests : StubbedClientTest
{

    [Test]
    public async Task EveryAttemptOfOneCall_CarriesTheSameId()
    {
        using var client = TestClients.Create(Stub, Clock);
        Stub.Respond(HttpStatusCode.ServiceUnavailable).Respond(HttpStatusCode.BadGateway).Respond(HttpStatusCode.OK, Payloads.Ticket());

        await Clock.RunAsync(client.Tickets.GetAsync("tkt_1"));

        var ids = Stub.Requests.Select(r => r.Header("x-correlation-id")).ToList();
        Assert.That(ids, Has.Count.EqualTo(3));
        Assert.That(ids.Distinct().Count(), Is.EqualTo(1));
    }

    [Test]
    public async Task TwoCalls_WithoutScope_GetTwoIds()
    {
        using var client = TestClients.Create(Stub, Clock);
        Stub.Respond(HttpStatusCode.OK, Payloads.Ticket());

        await client.Tickets.GetAsync("tkt_1");
        await client.Tickets.GetAsync("tkt_1");

        Assert.That(Stub.Requests[0].Header("x-correlation-id"), Is.Not.EqualTo(Stub.Requests[1].Header("x-correlation-id")));
    }

    [Test]
    public async Task Scope_SetsTheIdAcrossAwaits_NestsAndRestores()
    {
        using var client = TestClients.Create(Stub, Clock);
        Stub.Respond(HttpStatusCode.OK, Payloads.Ticket());

        using (TixalloCorrelation.Begin("outer-id"))
        {
            await Task.Yield();
            await client.Tickets.GetAsync("tkt_1");
            using (TixalloCorrelation.Begin("inner-id"))
            {
                await client.Tickets.GetAsync("tkt_1");
            }

            Assert.That(TixalloCorrelation.Current, Is.EqualTo("outer-id"));
            await client.Tickets.GetAsync("tkt_1");
        }

        Assert.That(TixalloCorrelation.Current, Is.Null);
        Assert.That(Stub.Requests.Select(r => r.Header("x-correlation-id")), Is.EqualTo(new[] { "outer-id", "inner-id", "outer-id" }));
    }

    [Test]
    public async Task Generator_IsUsedOutsideAScope()
    {
        var next = 0;
        using var client = TestClients.Create(Stub, Clock, o => o.CorrelationIdGenerator = () => $"gen-{++next}");
        Stub.Respond(HttpStatusCode.OK, Payloads.Ticket());

        await client.Tickets.GetAsync("tkt_1");
        using (TixalloCorrelation.Begin("scoped"))
        {
            await client.Tickets.GetAsync("tkt_1");
        }

        Assert.That(Stub.Requests.Select(r => r.Header("x-correlation-id")), Is.EqualTo(new[] { "gen-1", "scoped" }));
    }

    [TestCase("bad\r\nX-Injected: 1")]
    [TestCase("tab\there")]
    [TestCase("")]
    [TestCase("ünïcode")]
    public void Begin_InvalidId_ThrowsArgumentException(string id)
    {
        var error = Assert.Catch<ArgumentException>(() => TixalloCorrelation.Begin(id));

        Assert.That(error!.ParamName, Is.EqualTo("correlationId"));
        Assert.That(TixalloCorrelation.Current, Is.Null);
    }

    [Test]
    public void Generator_ReturningControlCharacters_IsRefused()
    {
        using var client = TestClients.Create(Stub, Clock, o => o.CorrelationIdGenerator = () => "x\ny");

        Assert.ThrowsAsync<ArgumentException>(() => client.Tickets.GetAsync("tkt_1"));
        Assert.That(Stub.Requests, Is.Empty);
    }

    [Test]
    public void Exception_CarriesTheIdTheServerEchoed()
    {
        using var client = TestClients.Create(Stub, Clock);
        Stub.Respond(HttpStatusCode.NotFound, """{"error": "Not found"}""", r => r.Headers.TryAddWithoutValidation("x-correlation-id", "server-side-id"));

        var error = Assert.ThrowsAsync<TixalloNotFoundException>(() => client.Tickets.GetAsync("tkt_1"));

        Assert.That(error!.CorrelationId, Is.EqualTo("server-side-id"));
    }

    [Test]
    public void Exception_WithoutEcho_CarriesTheIdThatWasSent()
    {
        using var client = TestClients.Create(Stub, Clock);
        Stub.Respond(HttpStatusCode.NotFound, """{"error": "Not found"}""");

        TixalloNotFoundException? error;
        using (TixalloCorrelation.Begin("sent-id"))
        {
            error = Assert.ThrowsAsync<TixalloNotFoundException>(() => client.Tickets.GetAsync("tkt_1"));
        }

        Assert.That(error!.CorrelationId, Is.EqualTo("sent-id"));
    }
}
