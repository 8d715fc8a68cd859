using System.Diagnostics;
using System.Net;

namespace Tixallo.Client.IntegrationTests;

/// <summary>Retry sequences (WireMock scenarios), transport faults, timeouts and correlation, checked on the journal.</summary>
public class ResilienceTests : IntegrationTest
{
    private static System.Text.Json.Nodes.JsonObject GetTicket => Stub.Request("GET", "/v1/tickets/tkt_r");

    [Test]
    public async Task Unavailable_Unavailable_Ok_IsRetriedWithTheSameCorrelationId()
    {
        await Admin.AddSequenceAsync(GetTicket, Stub.Json(503, "{}"), Stub.Json(503, "{}"), Stub.Json(200, Stub.Ticket));
        using var client = Client();

        var ticket = await client.Tickets.GetAsync("tkt_r");

        var journal = await Admin.RequestsAsync();
        Assert.That(ticket.Id, Is.EqualTo("tkt_1"));
        Assert.That(journal, Has.Count.EqualTo(3));
        Assert.That(journal.Select(r => r.Header("x-correlation-id")).Distinct().Count(), Is.EqualTo(1));
        Assert.That(journal.Select(r => r.Header("Authorization")), Is.All.EqualTo("Bearer " + ApiKey));
    }

    [Test]
    public async Task RateLimited_WithRetryAfterOne_WaitsThenSucceeds()
    {
        await Admin.AddSequenceAsync(GetTicket, Stub.Json(429, """{"error": "Rate limit exceeded", "limit": 60, "window_seconds": 60}""", ("Retry-After", "1")), Stub.Json(200, Stub.Ticket));
        using var client = Client();

        var started = Stopwatch.GetTimestamp();
        await client.Tickets.GetAsync("tkt_r");
        var elapsed = Stopwatch.GetElapsedTime(started);

        var journal = await Admin.RequestsAsync();
        Assert.That(journal, Has.Count.EqualTo(2));
        Assert.That(journal[1].LoggedDate - journal[0].LoggedDate, Is.GreaterThanOrEqualTo(900), "the second attempt came after the requested second");
        Assert.That(elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(900)));
    }

    [Test]
    public async Task HtmlBadGateway_ThenOk_IsRetried()
    {
        await Admin.AddSequenceAsync(GetTicket, Stub.Html(502), Stub.Json(200, Stub.Ticket));
        using var client = Client();

        await client.Tickets.GetAsync("tkt_r");

        Assert.That(await Admin.RequestsAsync(), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task HtmlBadGateway_Persistent_IsAServerExceptionWithTheSentCorrelationId()
    {
        await Admin.AddMappingAsync(new() { ["priority"] = 1, ["request"] = GetTicket, ["response"] = Stub.Html(502) });
        using var client = Client(o => o.Retry.MaxRetries = 2);

        TixalloServerException? error;
        using (TixalloCorrelation.Begin("int-html-502"))
        {
            error = Assert.ThrowsAsync<TixalloServerException>(() => client.Tickets.GetAsync("tkt_r"));
        }

        Assert.That(error!.ErrorShape, Is.EqualTo(TixalloErrorShape.Unknown));
        Assert.That(error.CorrelationId, Is.EqualTo("int-html-502"), "the proxy page echoes nothing: the id that was sent stands in");
        Assert.That(error.Attempts, Is.EqualTo(3));
        Assert.That(await Admin.RequestsAsync(), Has.Count.EqualTo(3));
    }

    [TestCase("CONNECTION_RESET_BY_PEER")]
    [TestCase("EMPTY_RESPONSE")]
    [TestCase("MALFORMED_RESPONSE_CHUNK")]
    [TestCase("RANDOM_DATA_THEN_CLOSE")]
    public async Task TransportFault_ThenOk_IsRetried(string fault)
    {
        await Admin.AddSequenceAsync(GetTicket, Stub.Fault(fault), Stub.Json(200, Stub.Ticket));
        using var client = Client();

        var ticket = await client.Tickets.GetAsync("tkt_r");

        Assert.That(ticket.Id, Is.EqualTo("tkt_1"));
        Assert.That(await Admin.RequestsAsync(), Has.Count.EqualTo(2));
    }

    // A connection closed with no response at all looks to SocketsHttpHandler like a stale pooled connection: it
    // re-sends on a fresh connection itself, up to 3 times, before it reports the failure to the SDK's pipeline.
    [TestCase("CONNECTION_RESET_BY_PEER", 1)]
    [TestCase("EMPTY_RESPONSE", 4)]
    [TestCase("MALFORMED_RESPONSE_CHUNK", 1)]
    [TestCase("RANDOM_DATA_THEN_CLOSE", 1)]
    public async Task TransportFault_Persistent_IsAConnectionException(string fault, int sendsPerAttempt)
    {
        await Admin.AddMappingAsync(new() { ["priority"] = 1, ["request"] = GetTicket, ["response"] = Stub.Fault(fault) });
        using var client = Client(o => o.Retry.MaxRetries = 2);

        var error = Assert.ThrowsAsync<TixalloConnectionException>(() => client.Tickets.GetAsync("tkt_r"));

        Assert.That(error, Is.Not.InstanceOf<TixalloTimeoutException>());
        Assert.That(error!.Attempts, Is.EqualTo(3));
        Assert.That(error.InnerException, Is.Not.Null);
        Assert.That(await Admin.RequestsAsync(), Has.Count.EqualTo(3 * sendsPerAttempt));
    }

    [Test]
    public async Task DelayLongerThanTheAttemptTimeout_IsATimeoutAfterEveryAttempt()
    {
        await Admin.AddMappingAsync(new() { ["priority"] = 1, ["request"] = GetTicket, ["response"] = Stub.Delayed(Stub.Json(200, Stub.Ticket), 1_500) });
        using var client = Client(o =>
        {
            o.AttemptTimeout = TimeSpan.FromMilliseconds(200);
            o.Retry.MaxRetries = 1;
        });

        var error = Assert.ThrowsAsync<TixalloTimeoutException>(() => client.Tickets.GetAsync("tkt_r"));

        Assert.That(error!.Attempts, Is.EqualTo(2));
        Assert.That(await Admin.RequestsAsync(), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task RetryAfterAboveMaxRetryAfter_FailsFast()
    {
        await Admin.AddMappingAsync(new() { ["priority"] = 1, ["request"] = GetTicket, ["response"] = Stub.Json(429, """{"error": "Rate limit exceeded"}""", ("Retry-After", "120")) });
        using var client = Client(o => o.Retry.MaxRetryAfter = TimeSpan.FromSeconds(10));

        var started = Stopwatch.GetTimestamp();
        var error = Assert.ThrowsAsync<TixalloRateLimitException>(() => client.Tickets.GetAsync("tkt_r"));

        Assert.That(error!.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(120)));
        Assert.That(await Admin.RequestsAsync(), Has.Count.EqualTo(1));
        Assert.That(Stopwatch.GetElapsedTime(started), Is.LessThan(TimeSpan.FromSeconds(10)), "it did not sleep the 120 s");
    }

    [Test]
    public async Task EchoedCorrelationId_IsOnTheException()
    {
        await Admin.AddMappingAsync(new() { ["priority"] = 1, ["request"] = GetTicket, ["response"] = Stub.Json(404, """{"error": "Not found"}""") });
        using var client = Client();

        TixalloNotFoundException? error;
        using (TixalloCorrelation.Begin("int-corr-7"))
        {
            error = Assert.ThrowsAsync<TixalloNotFoundException>(() => client.Tickets.GetAsync("tkt_r"));
        }

        Assert.That(error!.CorrelationId, Is.EqualTo("int-corr-7"));
        Assert.That((await Admin.RequestsAsync()).Single().Header("x-correlation-id"), Is.EqualTo("int-corr-7"));
    }

    [Test]
    public async Task Post_WithoutUnsafeRetries_IsNotRetriedOn503()
    {
        await Admin.AddMappingAsync(new() { ["priority"] = 1, ["request"] = Stub.Request("POST", "/v1/tickets"), ["response"] = Stub.Json(503, "{}") });
        using var client = Client(o => o.Retry.RetryUnsafeMethods = false);

        var error = Assert.ThrowsAsync<TixalloServerException>(() => client.Tickets.CreateAsync(new CreateTicketRequest { Subject = "s", CustomerEmail = "a@b.co" }));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(await Admin.RequestsAsync(), Has.Count.EqualTo(1));
    }
}
