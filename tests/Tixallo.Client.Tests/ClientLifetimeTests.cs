using System.Net;
using Tixallo.Client.Tests.Support;

namespace Tixallo.Client.Tests;

public class ClientLifetimeTests
{
    [Test]
    public void Dispose_LeavesTheCallersPrimaryHandlerAlive()
    {
        using var stub = new StubHandler();
        stub.Respond(HttpStatusCode.OK, Payloads.Ticket());

        new TixalloClient(TestClients.Options(), stub).Dispose();

        Assert.That(stub.Disposed, Is.False);
        using var second = new TixalloClient(TestClients.Options(), stub);
        Assert.DoesNotThrowAsync(() => second.Tickets.GetAsync("tkt_1"), "the handler still works for another client");
    }

    [Test]
    public void CallAfterDispose_ThrowsObjectDisposed()
    {
        var client = new TixalloClient(new TixalloClientOptions { ApiKey = "k" });
        client.Dispose();

        Assert.CatchAsync<ObjectDisposedException>(() => client.Tickets.GetAsync("tkt_1"));
    }

    [Test]
    public void BaseAddressWithoutTrailingSlash_KeepsItsLastSegment()
    {
        using var stub = new StubHandler();
        stub.Respond(HttpStatusCode.OK, Payloads.Ticket());
        using var client = new TixalloClient(TestClients.Options(configure: o => o.BaseAddress = new Uri("https://api.test.tixallo.com/v1")), stub);

        Assert.DoesNotThrowAsync(() => client.Tickets.GetAsync("tkt_1"));
        Assert.That(stub.Requests.Single().Uri.AbsolutePath, Is.EqualTo("/v1/tickets/tkt_1"));
    }
}
