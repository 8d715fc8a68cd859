using System.Net;
using Tixallo.Client.Tests.Support;

namespace Tixallo.Client.Tests.Messages;

public class MessagesClientTests : StubbedClientTest
{
    private const string Merged409 = """{"error": "Ticket has been merged"}""";

    [Test]
    public async Task CreateAsync_PostsMessage_ReturnsIt()
    {
        using var client = TestClients.Create(Stub);
        Stub.Respond(HttpStatusCode.Created, Payloads.Message());

        var message = await client.Messages.CreateAsync("tkt_1", new CreateMessageRequest { Body = "Hello", AuthorType = MessageAuthorType.Agent, Internal = true });

        var sent = Stub.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(sent.Method, Is.EqualTo(HttpMethod.Post));
            Assert.That(sent.PathAndQuery, Is.EqualTo("/v1/tickets/tkt_1/messages"));
            Assert.That(sent.BodyText, Is.EqualTo("""{"body":"Hello","author_type":"agent","internal":true}"""));
            Assert.That(message.Id, Is.EqualTo("msg_1"));
            Assert.That(message.TicketId, Is.EqualTo("tkt_1"));
            Assert.That(message.AuthorType, Is.EqualTo(MessageAuthorType.Agent));
            Assert.That(message.Internal, Is.False);
            Assert.That(message.CreatedAt, Is.EqualTo(new DateTimeOffset(2026, 11, 1, 9, 31, 0, TimeSpan.Zero)));
        });
    }

    [Test]
    public void CreateAsync_EmptyBody_ThrowsBeforeSending()
    {
        using var client = TestClients.Create(Stub);

        var error = Assert.ThrowsAsync<ArgumentException>(() => client.Messages.CreateAsync("tkt_1", new CreateMessageRequest { Body = " " }));

        Assert.That(error!.ParamName, Is.EqualTo("request"));
        Assert.That(Stub.Requests, Is.Empty);
    }

    [Test]
    public async Task ListAsync_PagesThroughMessages()
    {
        using var client = TestClients.Create(Stub);
        Stub.Respond(HttpStatusCode.OK, Payloads.Page([Payloads.Message("msg_1")], "next"))
            .Respond(HttpStatusCode.OK, Payloads.Page([Payloads.Message("msg_2")], null));

        var ids = new List<string>();
        await foreach (var message in client.Messages.ListAsync("tkt_1", new ListOptions { Limit = 1 }))
        {
            ids.Add(message.Id);
        }

        Assert.That(ids, Is.EqualTo(new[] { "msg_1", "msg_2" }));
        Assert.That(Stub.Requests.Select(r => r.PathAndQuery), Is.EqualTo(new[]
        {
            "/v1/tickets/tkt_1/messages?limit=1",
            "/v1/tickets/tkt_1/messages?limit=1&cursor=next",
        }));
    }

    [Test]
    public void CreateAsync_MergedTicket_ThrowsTicketMergedWithTicketId()
    {
        using var client = TestClients.Create(Stub);
        Stub.Respond(HttpStatusCode.Conflict, Merged409);

        var error = Assert.ThrowsAsync<TixalloTicketMergedException>(() => client.Messages.CreateAsync("tkt_old", new CreateMessageRequest { Body = "Hi" }));

        Assert.Multiple(() =>
        {
            Assert.That(error!.TicketId, Is.EqualTo("tkt_old"));
            Assert.That(error.ErrorCode, Is.EqualTo("ticket_merged"));
            Assert.That(error.Message, Is.EqualTo("Ticket has been merged"));
            Assert.That(error.InnerException, Is.TypeOf<TixalloConflictException>().With.Property(nameof(TixalloApiException.ErrorCode)).EqualTo("conflict"), "the 409 as the decoder read it");
            Assert.That(Stub.Requests, Has.Count.EqualTo(1), "409 is never retried");
        });
    }

    [Test]
    public void CreateAsync_EnvelopeTicketMergedWithoutParams_ThrowsTicketMergedWithTheTicketItWasAimedAt()
    {
        using var client = TestClients.Create(Stub);
        Stub.Respond(HttpStatusCode.Conflict, """{"error": {"code": "ticket_merged", "message": "Merged"}}""");

        var error = Assert.ThrowsAsync<TixalloTicketMergedException>(() => client.Messages.CreateAsync("tkt_old", new CreateMessageRequest { Body = "Hi" }));

        Assert.That(error!.TicketId, Is.EqualTo("tkt_old"));
        Assert.That(error.ErrorCode, Is.EqualTo("ticket_merged"));
        Assert.That(error.CorrelationId, Is.Not.Null);
        Assert.That(error.Attempts, Is.EqualTo(1));
    }

    [Test]
    public async Task CreateAsync_FollowMergedTickets_PostsToMergeTarget()
    {
        using var client = TestClients.Create(Stub, configure: o => o.FollowMergedTickets = true);
        Stub.Respond(HttpStatusCode.Conflict, Merged409)
            .Respond(HttpStatusCode.OK, Payloads.Ticket("tkt_old", mergedInto: "tkt_mid"))
            .Respond(HttpStatusCode.Conflict, Merged409)
            .Respond(HttpStatusCode.OK, Payloads.Ticket("tkt_mid", mergedInto: "tkt_new"))
            .Respond(HttpStatusCode.Created, Payloads.Message(ticketId: "tkt_new"));

        var message = await client.Messages.CreateAsync("tkt_old", new CreateMessageRequest { Body = "Hi" });

        Assert.That(message.TicketId, Is.EqualTo("tkt_new"));
        Assert.That(Stub.Requests.Select(r => $"{r.Method} {r.PathAndQuery}"), Is.EqualTo(new[]
        {
            "POST /v1/tickets/tkt_old/messages",
            "GET /v1/tickets/tkt_old",
            "POST /v1/tickets/tkt_mid/messages",
            "GET /v1/tickets/tkt_mid",
            "POST /v1/tickets/tkt_new/messages",
        }));
    }

    [Test]
    public void CreateAsync_FollowMergedTickets_LoopIsStoppedWithClearError()
    {
        using var client = TestClients.Create(Stub, configure: o => o.FollowMergedTickets = true);
        Stub.Respond(HttpStatusCode.Conflict, Merged409)
            .Respond(HttpStatusCode.OK, Payloads.Ticket("tkt_a", mergedInto: "tkt_b"))
            .Respond(HttpStatusCode.Conflict, Merged409)
            .Respond(HttpStatusCode.OK, Payloads.Ticket("tkt_b", mergedInto: "tkt_a"));

        var error = Assert.ThrowsAsync<TixalloTicketMergedException>(() => client.Messages.CreateAsync("tkt_a", new CreateMessageRequest { Body = "Hi" }));

        Assert.That(error!.Message, Does.Contain("loops").And.Contain("tkt_a -> tkt_b -> tkt_a"));
        Assert.That(error.TicketId, Is.EqualTo("tkt_a"));
        Assert.That(Stub.Requests, Has.Count.EqualTo(4));
    }

    [Test]
    public void CreateAsync_FollowMergedTickets_LongChainIsStopped()
    {
        using var client = TestClients.Create(Stub, configure: o => o.FollowMergedTickets = true);
        var hop = 0;
        Stub.Respond(request => request.Method == HttpMethod.Post
            ? StubHandler.Json(HttpStatusCode.Conflict, Merged409)
            : StubHandler.Json(HttpStatusCode.OK, Payloads.Ticket($"tkt_{hop}", mergedInto: $"tkt_{++hop}")));

        var error = Assert.ThrowsAsync<TixalloTicketMergedException>(() => client.Messages.CreateAsync("tkt_start", new CreateMessageRequest { Body = "Hi" }));

        Assert.That(error!.Message, Does.Contain("longer than 10"));
    }

    [Test]
    public void CreateAsync_FollowMergedTickets_TicketNotMerged_RethrowsOriginal()
    {
        using var client = TestClients.Create(Stub, configure: o => o.FollowMergedTickets = true);
        Stub.Respond(HttpStatusCode.Conflict, Merged409)
            .Respond(HttpStatusCode.OK, Payloads.Ticket("tkt_1"));

        var error = Assert.ThrowsAsync<TixalloTicketMergedException>(() => client.Messages.CreateAsync("tkt_1", new CreateMessageRequest { Body = "Hi" }));

        Assert.That(error!.Message, Is.EqualTo("Ticket has been merged"));
    }
}
