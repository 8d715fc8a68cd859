using System.Net;
using Tixallo.Client.Tests.Support;

namespace Tixallo.Client.Tests.Options;

public class WithOptionsTests : StubbedClientTest
{
    [Test]
    public async Task PerCallDeadline_EndsInTixalloTimeout_WithTheCorrelationId_NotOperationCanceled()
    {
        var view = Client.WithOptions(new TixalloRequestOptions { TotalTimeout = TimeSpan.FromSeconds(5) });
        Stub.Hang();

        var call = view.Tickets.GetAsync("tkt_1");
        await Clock.FireAsync(t => t.Duration == TimeSpan.FromSeconds(5));
        var error = Assert.CatchAsync<TixalloTimeoutException>(() => call);

        Assert.That(error!.CorrelationId, Is.EqualTo(Stub.Requests.Single().Header("x-correlation-id")));
        Assert.That(error.Attempts, Is.EqualTo(1));
    }

    [Test]
    public async Task PerCallAttemptTimeoutAndMaxRetries_ApplyToTheViewOnly()
    {
        var view = Client.WithOptions(new TixalloRequestOptions { AttemptTimeout = TimeSpan.FromSeconds(2), MaxRetries = 1 });
        Stub.Hang();

        var call = view.Tickets.GetAsync("tkt_1");
        await Clock.FireAsync(t => t.Duration == TimeSpan.FromSeconds(2));
        await Clock.FireAsync(t => t.IsSleep);
        await Clock.FireAsync(t => t.Duration == TimeSpan.FromSeconds(2));
        var error = Assert.CatchAsync<TixalloTimeoutException>(() => call);

        Assert.That(error!.Attempts, Is.EqualTo(2), "one retry, as the view says (the client allows 4)");
    }

    [Test]
    public void UnsetValues_FallBackToTheClients()
    {
        var view = Client.WithOptions(new TixalloRequestOptions());
        Stub.Respond(HttpStatusCode.ServiceUnavailable);

        var error = Assert.CatchAsync<TixalloServerException>(() => Clock.RunAsync(view.Tickets.GetAsync("tkt_1")));

        Assert.That(error!.Attempts, Is.EqualTo(5), "the client's 4 retries");
        Assert.That(Clock.Sleeps, Is.EqualTo(new[] { 1, 2, 4, 8 }.Select(s => TimeSpan.FromSeconds(s))));
    }

    [Test]
    public async Task CorrelationIdAndHeaders_AreSentOnEveryAttempt_OverAnyScope()
    {
        var view = Client.WithOptions(new TixalloRequestOptions
        {
            CorrelationId = "job-42",
            Headers = new Dictionary<string, string> { ["x-tenant"] = "acme", ["User-Agent"] = "my-job/1.0" },
        });
        Stub.Respond(HttpStatusCode.ServiceUnavailable).Respond(HttpStatusCode.OK, Payloads.Ticket());

        using (TixalloCorrelation.Begin("outer-scope"))
        {
            await Clock.RunAsync(view.Tickets.GetAsync("tkt_1"));
        }

        Assert.That(Stub.Requests, Has.Count.EqualTo(2));
        Assert.That(Stub.Requests.Select(r => r.Header("x-correlation-id")), Is.All.EqualTo("job-42"));
        Assert.That(Stub.Requests.Select(r => r.Header("x-tenant")), Is.All.EqualTo("acme"));
        Assert.That(Stub.Requests.Select(r => r.Header("User-Agent")), Is.All.EqualTo("my-job/1.0"), "a per-call header replaces the default");
        Assert.That(Stub.Requests.Select(r => r.Header("Authorization")), Is.All.EqualTo("Bearer " + TestClients.ApiKey));
    }

    [Test]
    public async Task AViewOfAView_MergesItsOptions_AndTheClientItselfIsUnchanged()
    {
        var first = Client.WithOptions(new TixalloRequestOptions { CorrelationId = "first", Headers = new Dictionary<string, string> { ["x-a"] = "1" } });
        var second = first.WithOptions(new TixalloRequestOptions { Headers = new Dictionary<string, string> { ["x-b"] = "2" } });
        Stub.Respond(HttpStatusCode.OK, Payloads.Ticket());

        await second.Tickets.GetAsync("tkt_1");
        await Client.Tickets.GetAsync("tkt_1");

        var (viaView, viaClient) = (Stub.Requests[0], Stub.Requests[1]);
        Assert.That((viaView.Header("x-correlation-id"), viaView.Header("x-a"), viaView.Header("x-b")), Is.EqualTo(("first", "1", "2")));
        Assert.That((viaClient.Header("x-a"), viaClient.Header("x-b")), Is.EqualTo(((string?)null, (string?)null)));
        Assert.That(viaClient.Header("x-correlation-id"), Is.Not.EqualTo("first"));
    }

    [Test]
    public async Task FollowMergedTickets_PerView()
    {
        var following = Client.WithOptions(new TixalloRequestOptions { FollowMergedTickets = true });
        Stub.Respond(HttpStatusCode.Conflict, """{"error": "Ticket has been merged"}""")
            .Respond(HttpStatusCode.OK, Payloads.Ticket("tkt_old", mergedInto: "tkt_new"))
            .Respond(HttpStatusCode.Created, Payloads.Message("msg_9", "tkt_new"));

        var message = await following.Messages.CreateAsync("tkt_old", new CreateMessageRequest { Body = "Hi" });

        Assert.That(message.TicketId, Is.EqualTo("tkt_new"));
    }

    [Test]
    public void DisposingTheClient_EndsItsViews()
    {
        var view = Client.WithOptions(new TixalloRequestOptions { MaxRetries = 0 });

        Client.Dispose();

        Assert.CatchAsync<ObjectDisposedException>(() => view.Tickets.GetAsync("tkt_1"));
    }

    private static IEnumerable<TestCaseData> Refused()
    {
        yield return new TestCaseData(new TixalloRequestOptions { Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer other" } }, "Authorization").SetName("Header_Authorization_IsRefused");
        yield return new TestCaseData(new TixalloRequestOptions { Headers = new Dictionary<string, string> { ["X-Correlation-ID"] = "x" } }, "X-Correlation-ID").SetName("Header_CorrelationId_IsRefused");
        yield return new TestCaseData(new TixalloRequestOptions { Headers = new Dictionary<string, string> { ["Connection"] = "close" } }, "Connection").SetName("Header_HopByHop_IsRefused");
        yield return new TestCaseData(new TixalloRequestOptions { Headers = new Dictionary<string, string> { ["Content-Type"] = "text/plain" } }, "Content-Type").SetName("Header_ContentHeader_IsRefused");
        yield return new TestCaseData(new TixalloRequestOptions { Headers = new Dictionary<string, string> { ["x-ok"] = "a\r\nb" } }, "x-ok").SetName("Header_ValueWithCrLf_IsRefused");
        yield return new TestCaseData(new TixalloRequestOptions { Headers = new Dictionary<string, string> { ["bad name"] = "v" } }, "bad name").SetName("Header_NameNotAToken_IsRefused");
        yield return new TestCaseData(new TixalloRequestOptions { MaxRetries = 11 }, "MaxRetries").SetName("MaxRetries_OverTheLimit_IsRefused");
        yield return new TestCaseData(new TixalloRequestOptions { TotalTimeout = TimeSpan.FromMilliseconds(5) }, "TotalTimeout").SetName("TotalTimeout_TooShort_IsRefused");
        yield return new TestCaseData(new TixalloRequestOptions { AttemptTimeout = TimeSpan.FromSeconds(10), TotalTimeout = TimeSpan.FromSeconds(5) }, "AttemptTimeout").SetName("AttemptTimeout_OverTotal_IsRefused");
        yield return new TestCaseData(new TixalloRequestOptions { CorrelationId = "bad\nid" }, "CorrelationId").SetName("CorrelationId_WithControlCharacters_IsRefused");
    }

    [TestCaseSource(nameof(Refused))]
    public void InvalidOptions_AreRefused_NamingTheSetting(TixalloRequestOptions options, string named)
    {
        var error = Assert.Throws<ArgumentException>(() => Client.WithOptions(options));

        Assert.That(error!.ParamName, Is.EqualTo("options"));
        Assert.That(error.Message, Does.Contain(named));
    }
}
