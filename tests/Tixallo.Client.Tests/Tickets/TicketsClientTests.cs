using System.Net;
using System.Text.Json.Nodes;
using Tixallo.Client.Tests.Support;

namespace Tixallo.Client.Tests.Tickets;

public class TicketsClientTests : StubbedClientTest
{
    [Test]
    public async Task CreateAsync_SendsSnakeCaseBody_ReturnsTicket()
    {
        Stub.Respond(HttpStatusCode.Created, Payloads.Ticket());

        var ticket = await Client.Tickets.CreateAsync(new CreateTicketRequest
        {
            Subject = "Printer on fire",
            CustomerEmail = "ada@example.com",
            Priority = TicketPriority.High,
            Tags = ["hardware"],
        });

        var sent = Stub.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(sent.Method, Is.EqualTo(HttpMethod.Post));
            Assert.That(sent.Uri.AbsoluteUri, Is.EqualTo("https://api.test.tixallo.com/v1/tickets"));
            Assert.That(sent.ContentType?.MediaType, Is.EqualTo("application/json"));
            Assert.That(JsonNode.Parse(sent.BodyText)!.ToJsonString(), Is.EqualTo(
                """{"subject":"Printer on fire","customer_email":"ada@example.com","priority":"high","tags":["hardware"]}"""));
            Assert.That(ticket.Id, Is.EqualTo("tkt_1"));
            Assert.That(ticket.CustomerEmail, Is.EqualTo("ada@example.com"));
        });
    }

    [Test]
    public async Task EveryRequest_SendsAuthorizationAcceptAndUserAgent()
    {
        Stub.Respond(HttpStatusCode.OK, Payloads.Ticket());

        await Client.Tickets.GetAsync("tkt_1");

        var sent = Stub.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(sent.Header("Authorization"), Is.EqualTo("Bearer " + TestClients.ApiKey));
            Assert.That(sent.Header("Accept"), Is.EqualTo("application/json"));
            Assert.That(sent.Header("User-Agent"), Does.Match(@"^Tixallo\.Client/\d+\.\d+\.\d+\S* \(\.NET \d+\.\d+\.\d+; [^()]+\)$"));
            Assert.That(sent.Header("x-correlation-id"), Is.Not.Null.And.Not.Empty);
        });
    }

    [Test]
    public async Task GetAsync_DecodesEveryField()
    {
        Stub.Respond(HttpStatusCode.OK, Payloads.Ticket(mergedInto: "tkt_9"));

        var ticket = await Client.Tickets.GetAsync("tkt_1");

        Assert.Multiple(() =>
        {
            Assert.That(Stub.Requests.Single().Method, Is.EqualTo(HttpMethod.Get));
            Assert.That(Stub.Requests.Single().PathAndQuery, Is.EqualTo("/v1/tickets/tkt_1"));
            Assert.That(ticket.WorkspaceId, Is.EqualTo("ws_1"));
            Assert.That(ticket.Subject, Is.EqualTo("Printer on fire"));
            Assert.That(ticket.Description, Is.EqualTo("Smoke everywhere"));
            Assert.That(ticket.Status, Is.EqualTo(TicketStatus.Open));
            Assert.That(ticket.Priority, Is.EqualTo(TicketPriority.High));
            Assert.That(ticket.AssigneeId, Is.Null);
            Assert.That(ticket.Tags, Is.EqualTo(new[] { "hardware", "urgent" }));
            Assert.That(ticket.MergedIntoTicketId, Is.EqualTo("tkt_9"));
            Assert.That(ticket.CreatedAt, Is.EqualTo(new DateTimeOffset(2026, 11, 1, 9, 30, 0, TimeSpan.Zero)));
            Assert.That(ticket.UpdatedAt, Is.EqualTo(new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.Zero)));
        });
    }

    [Test]
    public async Task GetAsync_UnknownStatusFromServer_ReadsAsUnknown()
    {
        Stub.Respond(HttpStatusCode.OK, Payloads.Ticket(status: "escalated_to_mars"));

        var ticket = await Client.Tickets.GetAsync("tkt_1");

        Assert.That(ticket.Status, Is.EqualTo(TicketStatus.Unknown));
    }

    [TestCase("a/b?x=1", "/v1/tickets/a%2Fb%3Fx%3D1")]
    [TestCase("../templates", "/v1/tickets/..%2Ftemplates")]
    [TestCase("tkt #1", "/v1/tickets/tkt%20%231")]
    public async Task GetAsync_IdWithReservedCharacters_StaysOneSegment(string id, string expectedPath)
    {
        Stub.Respond(HttpStatusCode.OK, Payloads.Ticket());

        await Client.Tickets.GetAsync(id);

        Assert.That(Stub.Requests.Single().Uri.AbsolutePath + Stub.Requests.Single().Uri.Query, Is.EqualTo(expectedPath));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("  ")]
    [TestCase(".")]
    [TestCase("..")]
    public void GetAsync_InvalidId_ThrowsArgumentExceptionBeforeSending(string? id)
    {
        var error = Assert.ThrowsAsync(Is.InstanceOf<ArgumentException>(), () => Client.Tickets.GetAsync(id!));

        Assert.That(((ArgumentException)error!).ParamName, Is.EqualTo("ticketId"));
        Assert.That(Stub.Requests, Is.Empty);
    }

    [Test]
    public void CreateAsync_MissingCustomerEmail_ThrowsNamingRequest()
    {
        var error = Assert.ThrowsAsync<ArgumentException>(() => Client.Tickets.CreateAsync(new CreateTicketRequest { Subject = "x" }));

        Assert.Multiple(() =>
        {
            Assert.That(error!.ParamName, Is.EqualTo("request"));
            Assert.That(error.Message, Does.Contain("CustomerEmail"));
            Assert.That(Stub.Requests, Is.Empty);
        });
    }

    [Test]
    public void CreateAsync_NullRequest_ThrowsArgumentNull()
    {
        var error = Assert.ThrowsAsync<ArgumentNullException>(() => Client.Tickets.CreateAsync(null!));

        Assert.That(error!.ParamName, Is.EqualTo("request"));
    }

    [Test]
    public async Task ListAsync_FollowsCursorAcrossThreePages_ThenStops()
    {
        Stub.Respond(HttpStatusCode.OK, Payloads.Page([Payloads.Ticket("tkt_1"), Payloads.Ticket("tkt_2")], "c2"))
            .Respond(HttpStatusCode.OK, Payloads.Page([Payloads.Ticket("tkt_3")], "c/3"))
            .Respond(HttpStatusCode.OK, Payloads.Page([Payloads.Ticket("tkt_4")], null));

        var ids = new List<string>();
        await foreach (var ticket in Client.Tickets.ListAsync(new ListTicketsOptions { Status = TicketStatus.Pending, Limit = 2 }))
        {
            ids.Add(ticket.Id);
        }

        Assert.Multiple(() =>
        {
            Assert.That(ids, Is.EqualTo(new[] { "tkt_1", "tkt_2", "tkt_3", "tkt_4" }));
            Assert.That(Stub.Requests.Select(r => r.PathAndQuery), Is.EqualTo(new[]
            {
                "/v1/tickets?status=pending&limit=2",
                "/v1/tickets?status=pending&limit=2&cursor=c2",
                "/v1/tickets?status=pending&limit=2&cursor=c%2F3",
            }));
        });
    }

    [Test]
    public async Task ListAsync_FetchesNextPageOnlyWhenReached()
    {
        Stub.Respond(HttpStatusCode.OK, Payloads.Page([Payloads.Ticket("tkt_1")], "c2"))
            .Respond(HttpStatusCode.OK, Payloads.Page([Payloads.Ticket("tkt_2")], null));

        var tickets = Client.Tickets.ListAsync();
        Assert.That(Stub.Requests, Is.Empty, "nothing is sent before enumeration");

        await foreach (var ticket in tickets)
        {
            break;
        }

        Assert.That(Stub.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public void ListAsync_CancelledBetweenPages_StopsWithOperationCanceled()
    {
        using var cancellation = new CancellationTokenSource();
        Stub.Respond(HttpStatusCode.OK, Payloads.Page([Payloads.Ticket("tkt_1")], "c2"))
            .Respond(HttpStatusCode.OK, Payloads.Page([Payloads.Ticket("tkt_2")], null));

        Assert.CatchAsync<OperationCanceledException>(async () =>
        {
            await foreach (var ticket in Client.Tickets.ListAsync(cancellationToken: cancellation.Token))
            {
                await cancellation.CancelAsync();
            }
        });
        Assert.That(Stub.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public void ListAsync_SameCursorTwice_ThrowsInsteadOfLooping()
    {
        Stub.Respond(HttpStatusCode.OK, Payloads.Page([Payloads.Ticket("tkt_1")], "c2"));

        var error = Assert.ThrowsAsync<TixalloApiException>(async () =>
        {
            await foreach (var ticket in Client.Tickets.ListAsync())
            {
            }
        });

        Assert.That(error!.ErrorCode, Is.EqualTo("invalid_response"));
        Assert.That(Stub.Requests, Has.Count.EqualTo(2));
    }

    [TestCase(0)]
    [TestCase(101)]
    public void ListAsync_LimitOutOfRange_ThrowsAtCall(int limit)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Client.Tickets.ListAsync(new ListTicketsOptions { Limit = limit }));

        Assert.That(error!.ParamName, Is.EqualTo("options"));
    }

    [Test]
    public async Task UpdateAsync_SendsOnlyTheFieldsSet()
    {
        Stub.Respond(HttpStatusCode.OK, Payloads.Ticket());

        await Client.Tickets.UpdateAsync("tkt_1", new UpdateTicketRequest { Status = TicketStatus.Solved });

        var sent = Stub.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(sent.Method, Is.EqualTo(HttpMethod.Patch));
            Assert.That(sent.PathAndQuery, Is.EqualTo("/v1/tickets/tkt_1"));
            Assert.That(sent.BodyText, Is.EqualTo("""{"status":"solved"}"""));
        });
    }

    [Test]
    public async Task UpdateAsync_AssigneeSetToNull_SendsExplicitNull()
    {
        Stub.Respond(HttpStatusCode.OK, Payloads.Ticket());

        await Client.Tickets.UpdateAsync("tkt_1", new UpdateTicketRequest { AssigneeId = null, Priority = TicketPriority.Urgent, Tags = [] });

        Assert.That(Stub.Requests.Single().BodyText, Is.EqualTo("""{"priority":"urgent","assignee_id":null,"tags":[]}"""));
    }

    [Test]
    public void UpdateAsync_UnknownStatus_ThrowsBeforeSending()
    {
        var error = Assert.ThrowsAsync<ArgumentException>(() => Client.Tickets.UpdateAsync("tkt_1", new UpdateTicketRequest { Status = TicketStatus.Unknown }));

        Assert.That(error!.ParamName, Is.EqualTo("request"));
        Assert.That(Stub.Requests, Is.Empty);
    }

    [Test]
    public async Task DeleteAsync_SendsDelete_AcceptsNoContent()
    {
        Stub.Respond(HttpStatusCode.NoContent);

        await Client.Tickets.DeleteAsync("tkt_1");

        Assert.Multiple(() =>
        {
            Assert.That(Stub.Requests.Single().Method, Is.EqualTo(HttpMethod.Delete));
            Assert.That(Stub.Requests.Single().PathAndQuery, Is.EqualTo("/v1/tickets/tkt_1"));
            Assert.That(Stub.Requests.Single().Body, Is.Null);
        });
    }

    [Test]
    public async Task MergeAsync_PostsTarget_ReturnsTargetTicket()
    {
        Stub.Respond(HttpStatusCode.OK, Payloads.Ticket("tkt_2"));

        var target = await Client.Tickets.MergeAsync("tkt_1", "tkt_2");

        var sent = Stub.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(sent.Method, Is.EqualTo(HttpMethod.Post));
            Assert.That(sent.PathAndQuery, Is.EqualTo("/v1/tickets/tkt_1/merge"));
            Assert.That(sent.BodyText, Is.EqualTo("""{"target_ticket_id":"tkt_2"}"""));
            Assert.That(target.Id, Is.EqualTo("tkt_2"));
        });
    }

    [Test]
    public void MergeAsync_EmptyTarget_ThrowsNamingTarget()
    {
        var error = Assert.ThrowsAsync<ArgumentException>(() => Client.Tickets.MergeAsync("tkt_1", ""));

        Assert.That(error!.ParamName, Is.EqualTo("targetTicketId"));
    }

    [Test]
    public void AnyCall_TokenAlreadyCancelled_SendsNothing()
    {
        Assert.CatchAsync<OperationCanceledException>(() => Client.Tickets.GetAsync("tkt_1", new CancellationToken(canceled: true)));

        Assert.That(Stub.Requests, Is.Empty);
    }

    [TestCase("""{"id": 42""")]
    [TestCase("null")]
    [TestCase("<html>oops</html>")]
    public void GetAsync_SuccessWithUnreadableBody_ThrowsTypedInvalidResponse(string body)
    {
        Stub.Respond(HttpStatusCode.OK, body);

        var error = Assert.ThrowsAsync<TixalloApiException>(() => Client.Tickets.GetAsync("tkt_1"));

        Assert.Multiple(() =>
        {
            Assert.That(error!.ErrorCode, Is.EqualTo("invalid_response"));
            Assert.That(error.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(error.CorrelationId, Is.Not.Null);
        });
    }
}
