using System.Net;
using Tixallo.Client.Tests.Support;

namespace Tixallo.Client.Tests.Pagination;

public class ListPagesTests : StubbedClientTest
{
    [Test]
    public async Task ListPagesAsync_YieldsEachPage_WithItsCursorAndCorrelationId()
    {
        Stub.Respond(HttpStatusCode.OK, Payloads.Page([Payloads.Ticket("tkt_1"), Payloads.Ticket("tkt_2")], "c2"), r => r.Headers.TryAddWithoutValidation("x-correlation-id", "page-1"))
            .Respond(HttpStatusCode.OK, Payloads.Page([Payloads.Ticket("tkt_3")], null), r => r.Headers.TryAddWithoutValidation("x-correlation-id", "page-2"));

        var pages = new List<TixalloPage<Ticket>>();
        await foreach (var page in Client.Tickets.ListPagesAsync(new ListTicketsOptions { Limit = 2 }))
        {
            pages.Add(page);
        }

        Assert.That(pages.Select(p => p.Items.Select(t => t.Id)), Is.EqualTo(new[] { new[] { "tkt_1", "tkt_2" }, new[] { "tkt_3" } }));
        Assert.That(pages.Select(p => p.NextCursor), Is.EqualTo(new[] { "c2", null }));
        Assert.That(pages.Select(p => p.CorrelationId), Is.EqualTo(new[] { "page-1", "page-2" }));
        Assert.That(Stub.Requests.Select(r => r.PathAndQuery), Is.EqualTo(new[] { "/v1/tickets?limit=2", "/v1/tickets?limit=2&cursor=c2" }));
    }

    [Test]
    public async Task ACursorYouKept_ResumesTheListingThere_ForEveryList()
    {
        Stub.Respond(HttpStatusCode.OK, Payloads.Page([Payloads.Ticket("tkt_3")], null)).Respond(HttpStatusCode.OK, Payloads.Page([], null));

        var tickets = await ToListAsync(Client.Tickets.ListAsync(new ListTicketsOptions { Status = TicketStatus.Open, Cursor = "c2" }));
        await ToListAsync(Client.Messages.ListPagesAsync("tkt_1", new ListOptions { Cursor = "m 7" }));
        await ToListAsync(Client.Templates.ListPagesAsync(new ListOptions { Cursor = "t9", Limit = 5 }));

        Assert.That(tickets.Select(t => t.Id), Is.EqualTo(new[] { "tkt_3" }));
        Assert.That(Stub.Requests.Select(r => r.PathAndQuery), Is.EqualTo(new[]
        {
            "/v1/tickets?status=open&cursor=c2", "/v1/tickets/tkt_1/messages?cursor=m%207", "/v1/templates?limit=5&cursor=t9",
        }));
    }

    [Test]
    public void AServerThatSendsBackTheCursorYouResumedFrom_IsALoop()
    {
        Stub.Respond(HttpStatusCode.OK, Payloads.Page([], "c2"));

        var error = Assert.CatchAsync<TixalloApiException>(() => ToListAsync(Client.Tickets.ListPagesAsync(new ListTicketsOptions { Cursor = "c2" })));

        Assert.That(error!.ErrorCode, Is.EqualTo("invalid_response"));
        Assert.That(Stub.Requests, Has.Count.EqualTo(1));
    }

    [TestCase("")]
    [TestCase("  ")]
    public void AnEmptyCursor_IsRefused_BeforeAnythingIsSent(string cursor)
    {
        var error = Assert.Throws<ArgumentException>(() => Client.Tickets.ListPagesAsync(new ListTicketsOptions { Cursor = cursor }));

        Assert.That(error!.ParamName, Is.EqualTo("options"));
        Assert.That(Stub.Requests, Is.Empty);
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
