using System.Diagnostics;
using System.Net;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Tixallo.Client.IntegrationTests;

/// <summary>Retry sequences (WireMock.Net scenarios), faults, timeouts and correlation, checked on WireMock.Net's request log.</summary>
public class ResilienceTests : IntegrationTest
{
    private static IRequestBuilder GetTicket => Request.Create().WithPath("/v1/tickets/tkt_r").UsingGet();

    [Test]
    public async Task Unavailable_Unavailable_Ok_IsRetriedWithTheSameCorrelationId()
    {
        ApiStubs.Sequence(GetTicket, ApiStubs.Json(503, "{}"), ApiStubs.Json(503, "{}"), ApiStubs.Json(200, ApiStubs.Ticket));
        using var client = Client();

        var ticket = await client.Tickets.GetAsync("tkt_r");

        var journal = Journal();
        Assert.That(ticket.Id, Is.EqualTo("tkt_1"));
        Assert.That(journal, Has.Count.EqualTo(3));
        Assert.That(journal.Select(r => r.Header("x-correlation-id")).Distinct().Count(), Is.EqualTo(1));
        Assert.That(journal.Select(r => r.Header("Authorization")), Is.All.EqualTo("Bearer " + ApiKey));
    }

    [Test]
    public async Task RateLimited_WithRetryAfterOne_WaitsThenSucceeds()
    {
        ApiStubs.Sequence(GetTicket, ApiStubs.Json(429, """{"error": "Rate limit exceeded", "limit": 60, "window_seconds": 60}""", ("Retry-After", "1")), ApiStubs.Json(200, ApiStubs.Ticket));
        using var client = Client();

        var started = Stopwatch.GetTimestamp();
        await client.Tickets.GetAsync("tkt_r");
        var elapsed = Stopwatch.GetElapsedTime(started);

        var journal = Journal();
        Assert.That(journal, Has.Count.EqualTo(2));
        Assert.That(journal[1].LoggedAt - journal[0].LoggedAt, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(900)), "the second attempt came after the requested second");
        Assert.That(elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(900)));
    }

    [Test]
    public async Task HtmlBadGateway_ThenOk_IsRetried()
    {
        ApiStubs.Sequence(GetTicket, ApiStubs.Html(502), ApiStubs.Json(200, ApiStubs.Ticket));
        using var client = Client();

        await client.Tickets.GetAsync("tkt_r");

        Assert.That(Journal(), Has.Count.EqualTo(2));
    }

    [Test]
    public void HtmlBadGateway_Persistent_IsAServerExceptionWithTheSentCorrelationId()
    {
        ApiStubs.Given(GetTicket, ApiStubs.Html(502));
        using var client = Client(o => o.Retry.MaxRetries = 2);

        TixalloServerException? error;
        using (TixalloCorrelation.Begin("int-html-502"))
        {
            error = Assert.ThrowsAsync<TixalloServerException>(() => client.Tickets.GetAsync("tkt_r"));
        }

        Assert.That(error!.ErrorShape, Is.EqualTo(TixalloErrorShape.Unknown));
        Assert.That(error.CorrelationId, Is.EqualTo("int-html-502"), "the proxy page echoes nothing: the id that was sent stands in");
        Assert.That(error.Attempts, Is.EqualTo(3));
        Assert.That(Journal(), Has.Count.EqualTo(3));
    }

    // WireMock.Net's faults answer 200 with a body that is empty or random bytes (its connection-level faults are
    // WireMock-for-Java's only; TransportFaultTests covers those on a raw socket).
    [TestCase(FaultType.EMPTY_RESPONSE)]
    [TestCase(FaultType.MALFORMED_RESPONSE_CHUNK)]
    public void WireMockFault_ASuccessThatCannotBeRead_IsInvalidResponse_NotRetried(FaultType fault)
    {
        ApiStubs.Given(GetTicket, ApiStubs.Fault(fault));
        using var client = Client();

        var error = Assert.CatchAsync<TixalloApiException>(() => client.Tickets.GetAsync("tkt_r"));

        Assert.That(error!.ErrorCode, Is.EqualTo("invalid_response"));
        Assert.That(error.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(error.CorrelationId, Is.EqualTo(Journal().Single().Header("x-correlation-id")));
    }

    [Test]
    public async Task DelayLongerThanTheAttemptTimeout_IsATimeoutAfterEveryAttempt()
    {
        ApiStubs.Given(GetTicket, ApiStubs.Json(200, ApiStubs.Ticket).WithDelay(TimeSpan.FromMilliseconds(1_500)));
        using var client = Client(o =>
        {
            o.AttemptTimeout = TimeSpan.FromMilliseconds(200);
            o.Retry.MaxRetries = 1;
        });

        var error = Assert.ThrowsAsync<TixalloTimeoutException>(() => client.Tickets.GetAsync("tkt_r"));

        Assert.That(error!.Attempts, Is.EqualTo(2));
        Assert.That(await JournalOnceItHolds(2), Has.Count.EqualTo(2));
    }

    [Test]
    public void RetryAfterAboveMaxRetryAfter_FailsFast()
    {
        ApiStubs.Given(GetTicket, ApiStubs.Json(429, """{"error": "Rate limit exceeded"}""", ("Retry-After", "120")));
        using var client = Client(o => o.Retry.MaxRetryAfter = TimeSpan.FromSeconds(10));

        var started = Stopwatch.GetTimestamp();
        var error = Assert.ThrowsAsync<TixalloRateLimitException>(() => client.Tickets.GetAsync("tkt_r"));

        Assert.That(error!.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(120)));
        Assert.That(Journal(), Has.Count.EqualTo(1));
        Assert.That(Stopwatch.GetElapsedTime(started), Is.LessThan(TimeSpan.FromSeconds(10)), "it did not sleep the 120 s");
    }

    [Test]
    public void EchoedCorrelationId_IsOnTheException()
    {
        ApiStubs.Given(GetTicket, ApiStubs.Json(404, """{"error": "Not found"}"""));
        using var client = Client();

        TixalloNotFoundException? error;
        using (TixalloCorrelation.Begin("int-corr-7"))
        {
            error = Assert.ThrowsAsync<TixalloNotFoundException>(() => client.Tickets.GetAsync("tkt_r"));
        }

        Assert.That(error!.CorrelationId, Is.EqualTo("int-corr-7"));
        Assert.That(Journal().Single().Header("x-correlation-id"), Is.EqualTo("int-corr-7"));
    }

    [Test]
    public void Post_WithoutUnsafeRetries_IsNotRetriedOn503()
    {
        ApiStubs.Given(Request.Create().WithPath("/v1/tickets").UsingPost(), ApiStubs.Json(503, "{}"));
        using var client = Client(o => o.Retry.RetryUnsafeMethods = false);

        var error = Assert.ThrowsAsync<TixalloServerException>(() => client.Tickets.CreateAsync(new CreateTicketRequest { Subject = "s", CustomerEmail = "a@b.co" }));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(Journal(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Post_AttemptTimedOut_IsNotRetried_AndSaysTheOutcomeIsUnknown()
    {
        ApiStubs.Given(Request.Create().WithPath("/v1/tickets").UsingPost(), ApiStubs.Json(201, ApiStubs.Ticket).WithDelay(TimeSpan.FromMilliseconds(1_500)));
        using var client = Client(o => o.AttemptTimeout = TimeSpan.FromMilliseconds(200));

        var error = Assert.ThrowsAsync<TixalloTimeoutException>(() => client.Tickets.CreateAsync(new CreateTicketRequest { Subject = "s", CustomerEmail = "a@b.co" }));

        Assert.That(error!.RequestMayHaveBeenProcessed, Is.True);
        Assert.That(await JournalOnceItHolds(1), Has.Count.EqualTo(1), "a second POST could create a second ticket");
    }
}
