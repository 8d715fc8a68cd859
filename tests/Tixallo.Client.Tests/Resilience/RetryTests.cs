using System.Net;
using System.Text;
using Tixallo.Client.Tests.Support;

namespace Tixallo.Client.Tests.Resilience;

public class RetryTests : StubbedClientTest
{
    private const string Unavailable = """{"error": "Service unavailable"}""";


    [Test]
    public async Task PersistentServerError_BacksOff_1_2_4_8_Seconds_ThenThrowsWithAttempts()
    {
        using var client = TestClients.Create(Stub, Clock);
        Stub.Respond(HttpStatusCode.ServiceUnavailable, Unavailable);

        var error = await CatchAsync<TixalloServerException>(client.Tickets.GetAsync("tkt_1"));

        Assert.Multiple(() =>
        {
            Assert.That(Clock.Sleeps, Is.EqualTo(new[] { 1, 2, 4, 8 }.Select(s => TimeSpan.FromSeconds(s))));
            Assert.That(Stub.Requests, Has.Count.EqualTo(5));
            Assert.That(error.Attempts, Is.EqualTo(5));
            Assert.That(error.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        });
    }

    [Test]
    public async Task ServerErrorThenSuccess_ReturnsResult()
    {
        using var client = TestClients.Create(Stub, Clock);
        Stub.Respond(HttpStatusCode.BadGateway, "<html>proxy</html>")
            .Respond(HttpStatusCode.InternalServerError)
            .Respond(HttpStatusCode.OK, Payloads.Ticket());

        var ticket = await Clock.RunAsync(client.Tickets.GetAsync("tkt_1"));

        Assert.That(ticket.Id, Is.EqualTo("tkt_1"));
        Assert.That(Stub.Requests, Has.Count.EqualTo(3));
    }

    [Test]
    public async Task Backoff_IsCappedAtMaxDelay()
    {
        using var client = TestClients.Create(Stub, Clock, o =>
        {
            o.Retry.BaseDelay = TimeSpan.FromSeconds(10);
            o.Retry.MaxDelay = TimeSpan.FromSeconds(15);
        });
        Stub.Respond(HttpStatusCode.InternalServerError);

        await CatchAsync<TixalloServerException>(client.Tickets.GetAsync("tkt_1"));

        Assert.That(Clock.Sleeps, Is.EqualTo(new[] { 10, 15, 15, 15 }.Select(s => TimeSpan.FromSeconds(s))));
    }

    [Test]
    public async Task Jitter_ShortensEachWaitByAtMostTwentyPercent()
    {
        using var client = TestClients.Create(Stub, Clock, o =>
        {
            o.Retry.UseJitter = true;
            o.Retry.MaxRetries = 8;
            o.Retry.MaxDelay = TimeSpan.FromSeconds(60);
            o.TotalTimeout = TimeSpan.FromHours(1);
        });
        Stub.Respond(HttpStatusCode.InternalServerError);

        await CatchAsync<TixalloServerException>(client.Tickets.GetAsync("tkt_1"));

        var ceilings = new[] { 1, 2, 4, 8, 16, 32, 60, 60 }.Select(s => TimeSpan.FromSeconds(s)).ToArray();
        Assert.That(Clock.Sleeps, Has.Count.EqualTo(8));
        for (var i = 0; i < ceilings.Length; i++)
        {
            Assert.That(Clock.Sleeps[i], Is.InRange(ceilings[i] * 0.8, ceilings[i]), $"retry {i}");
        }
    }

    [TestCase(0.0, 1000)]
    [TestCase(0.5, 900)]
    [TestCase(0.999999, 800)]
    public void Backoff_JitterFormula(double random, int expectedMs)
    {
        var policy = new Client.Resilience.RetryPolicy(new TixalloRetryOptions { UseJitter = true });

        Assert.That(policy.Backoff(0, random).TotalMilliseconds, Is.EqualTo(expectedMs).Within(0.5));
    }

    [Test]
    public void Backoff_HugeRetryIndex_DoesNotOverflow()
    {
        var policy = new Client.Resilience.RetryPolicy(new TixalloRetryOptions { UseJitter = false });

        Assert.That(policy.Backoff(10_000, 0), Is.EqualTo(TimeSpan.FromSeconds(60)));
    }

    [TestCase(400)]
    [TestCase(401)]
    [TestCase(403)]
    [TestCase(404)]
    [TestCase(409)]
    [TestCase(422)]
    public async Task ClientErrors_AreNeverRetried(int status)
    {
        using var client = TestClients.Create(Stub, Clock);
        Stub.Respond((HttpStatusCode)status, """{"error": "No"}""");

        var error = await CatchAsync<TixalloApiException>(client.Tickets.GetAsync("tkt_1"));

        Assert.That(Stub.Requests, Has.Count.EqualTo(1));
        Assert.That(error.Attempts, Is.EqualTo(1));
        Assert.That(Clock.Sleeps, Is.Empty);
    }

    [Test]
    public async Task RequestTimeout408_IsRetried()
    {
        using var client = TestClients.Create(Stub, Clock);
        Stub.Respond(HttpStatusCode.RequestTimeout).Respond(HttpStatusCode.OK, Payloads.Ticket());

        await Clock.RunAsync(client.Tickets.GetAsync("tkt_1"));

        Assert.That(Stub.Requests, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task MaxRetriesZero_MakesOneAttempt()
    {
        using var client = TestClients.Create(Stub, Clock, o => o.Retry.MaxRetries = 0);
        Stub.Respond(HttpStatusCode.ServiceUnavailable);

        var error = await CatchAsync<TixalloServerException>(client.Tickets.GetAsync("tkt_1"));

        Assert.That(Stub.Requests, Has.Count.EqualTo(1));
        Assert.That(error.Attempts, Is.EqualTo(1));
    }

    private static IEnumerable<TestCaseData> RetryAfterForms()
    {
        var now = new TestClock().GetUtcNow();
        var inThirty = now.AddSeconds(30);
        yield return new TestCaseData("retry-after-ms", "1500", 1500).SetName("RetryAfter_Milliseconds");
        yield return new TestCaseData("Retry-After", "7", 7000).SetName("RetryAfter_DeltaSeconds");
        yield return new TestCaseData("Retry-After", "0", 0).SetName("RetryAfter_Zero_RetriesNow");
        yield return new TestCaseData("Retry-After", inThirty.ToString("r", System.Globalization.CultureInfo.InvariantCulture), 30_000).SetName("RetryAfter_ImfFixdate");
        yield return new TestCaseData("Retry-After", inThirty.ToString("dddd, dd-MMM-yy HH:mm:ss 'GMT'", System.Globalization.CultureInfo.InvariantCulture), 30_000).SetName("RetryAfter_Rfc850Date");
        yield return new TestCaseData("Retry-After", inThirty.ToString("ddd MMM d HH:mm:ss yyyy", System.Globalization.CultureInfo.InvariantCulture).Replace(" 2", "  2", StringComparison.Ordinal), 30_000).SetName("RetryAfter_AsctimeDate");
        yield return new TestCaseData("Retry-After", "-5", 1000).SetName("RetryAfter_Negative_FallsBackToBackoff");
        yield return new TestCaseData("Retry-After", "soon", 1000).SetName("RetryAfter_Unparsable_FallsBackToBackoff");
        yield return new TestCaseData("Retry-After", "99999999999999999999", 1000).SetName("RetryAfter_Overflowing_FallsBackToBackoff");
        yield return new TestCaseData("Retry-After", now.AddSeconds(-30).ToString("r", System.Globalization.CultureInfo.InvariantCulture), 1000).SetName("RetryAfter_PastDate_FallsBackToBackoff");
        yield return new TestCaseData("retry-after-ms", "NaN", 1000).SetName("RetryAfterMs_NaN_FallsBackToBackoff");
    }

    [TestCaseSource(nameof(RetryAfterForms))]
    public async Task RateLimited_WaitsWhatTheServerAsks(string header, string value, int expectedMs)
    {
        using var client = TestClients.Create(Stub, Clock);
        // No window in the body: a header that cannot be read falls back to the backoff (RateLimitTests covers the window).
        Stub.Respond(HttpStatusCode.TooManyRequests, """{"error": "Rate limit exceeded"}""",
                r => r.Headers.TryAddWithoutValidation(header, value))
            .Respond(HttpStatusCode.OK, Payloads.Ticket());

        await Clock.RunAsync(client.Tickets.GetAsync("tkt_1"));

        Assert.That(Stub.Requests, Has.Count.EqualTo(2));
        Assert.That(Clock.Sleeps.Sum(s => s.TotalMilliseconds), Is.EqualTo(expectedMs));
    }

    [Test]
    public async Task Unavailable503WithRetryAfter_WaitsWhatTheServerAsks()
    {
        using var client = TestClients.Create(Stub, Clock);
        Stub.Respond(HttpStatusCode.ServiceUnavailable, Unavailable, r => r.Headers.TryAddWithoutValidation("Retry-After", "12"))
            .Respond(HttpStatusCode.OK, Payloads.Ticket());

        await Clock.RunAsync(client.Tickets.GetAsync("tkt_1"));

        Assert.That(Clock.Sleeps, Is.EqualTo(new[] { TimeSpan.FromSeconds(12) }));
    }

    [Test]
    public async Task RetryAfterAboveMaxRetryAfter_FailsAtOnceWithRetryAfter()
    {
        using var client = TestClients.Create(Stub, Clock);
        Stub.Respond(HttpStatusCode.TooManyRequests, """{"error": "Rate limit exceeded"}""", r => r.Headers.TryAddWithoutValidation("Retry-After", "3600"));

        var error = await CatchAsync<TixalloRateLimitException>(client.Tickets.GetAsync("tkt_1"));

        Assert.Multiple(() =>
        {
            Assert.That(error.RetryAfter, Is.EqualTo(TimeSpan.FromHours(1)));
            Assert.That(error.Attempts, Is.EqualTo(1));
            Assert.That(Clock.Sleeps, Is.Empty);
        });
    }

    [Test]
    public async Task RetryAfterBeyondTotalTimeout_FailsAtOnce()
    {
        using var client = TestClients.Create(Stub, Clock, o => o.TotalTimeout = o.AttemptTimeout = TimeSpan.FromSeconds(20));
        Stub.Respond(HttpStatusCode.TooManyRequests, """{"error": "Rate limit exceeded"}""", r => r.Headers.TryAddWithoutValidation("Retry-After", "30"));

        var error = await CatchAsync<TixalloRateLimitException>(client.Tickets.GetAsync("tkt_1"));

        Assert.That(error.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(30)));
        Assert.That(Clock.Sleeps, Is.Empty);
    }

    [Test]
    public async Task BackoffBeyondWhatIsLeftOfTotalTimeout_StopsWithTheLastError()
    {
        using var client = TestClients.Create(Stub, Clock, o => o.TotalTimeout = o.AttemptTimeout = TimeSpan.FromSeconds(5));
        Stub.Respond(HttpStatusCode.InternalServerError);

        var error = await CatchAsync<TixalloServerException>(client.Tickets.GetAsync("tkt_1"));

        // Waits 1 s and 2 s (3 s spent); the next 4 s wait would outlast the 5 s budget.
        Assert.That(Clock.Sleeps, Is.EqualTo(new[] { TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2) }));
        Assert.That(error.Attempts, Is.EqualTo(3));
    }

    [Test]
    public async Task Post_ServerError_IsRetriedByDefault()
    {
        using var client = TestClients.Create(Stub, Clock);
        Stub.Respond(HttpStatusCode.ServiceUnavailable).Respond(HttpStatusCode.Created, Payloads.Ticket());

        await Clock.RunAsync(client.Tickets.CreateAsync(new CreateTicketRequest { Subject = "s", CustomerEmail = "a@b.c" }));

        Assert.That(Stub.Requests, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Post_RetriesResendTheSameBodyAndHeadersOnce()
    {
        using var client = TestClients.Create(Stub, Clock);
        Stub.Respond(HttpStatusCode.ServiceUnavailable).Respond(HttpStatusCode.ServiceUnavailable).Respond(HttpStatusCode.Created, Payloads.Ticket());

        await Clock.RunAsync(client.Tickets.CreateAsync(new CreateTicketRequest { Subject = "s", CustomerEmail = "a@b.c" }));

        Assert.That(Stub.Requests.Select(r => r.BodyText).Distinct(), Is.EqualTo(new[] { """{"subject":"s","customer_email":"a@b.c"}""" }));
        Assert.That(Stub.Requests.Select(r => r.Headers["Authorization"].Length), Is.All.EqualTo(1));
        Assert.That(Stub.Requests.Select(r => r.Headers["x-correlation-id"].Length), Is.All.EqualTo(1));
    }

    [Test]
    public async Task Post_WithoutUnsafeRetries_ServerErrorIsNotRetried()
    {
        using var client = TestClients.Create(Stub, Clock, o => o.Retry.RetryUnsafeMethods = false);
        Stub.Respond(HttpStatusCode.ServiceUnavailable);

        await CatchAsync<TixalloServerException>(client.Tickets.CreateAsync(new CreateTicketRequest { Subject = "s", CustomerEmail = "a@b.c" }));

        Assert.That(Stub.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Post_WithoutUnsafeRetries_RateLimitIsRetried()
    {
        using var client = TestClients.Create(Stub, Clock, o => o.Retry.RetryUnsafeMethods = false);
        Stub.Respond(HttpStatusCode.TooManyRequests, configure: r => r.Headers.TryAddWithoutValidation("Retry-After", "1"))
            .Respond(HttpStatusCode.Created, Payloads.Ticket());

        await Clock.RunAsync(client.Tickets.CreateAsync(new CreateTicketRequest { Subject = "s", CustomerEmail = "a@b.c" }));

        Assert.That(Stub.Requests, Has.Count.EqualTo(2));
    }

    [TestCase(HttpRequestError.ConnectionError, 2)]
    [TestCase(HttpRequestError.NameResolutionError, 2)]
    [TestCase(HttpRequestError.ResponseEnded, 1)]
    public async Task Post_WithoutUnsafeRetries_RetriesOnlyFailuresBeforeTheServer(HttpRequestError kind, int expectedAttempts)
    {
        using var client = TestClients.Create(Stub, Clock, o => o.Retry.RetryUnsafeMethods = false);
        Stub.Throw(new HttpRequestException(kind, "boom")).Respond(HttpStatusCode.Created, Payloads.Ticket());

        var call = client.Tickets.CreateAsync(new CreateTicketRequest { Subject = "s", CustomerEmail = "a@b.c" });
        if (expectedAttempts == 1)
        {
            await CatchAsync<TixalloConnectionException>(call);
        }
        else
        {
            await Clock.RunAsync(call);
        }

        Assert.That(Stub.Requests, Has.Count.EqualTo(expectedAttempts));
    }

    [Test]
    public async Task Post_AttemptTimedOut_IsNotRetriedByDefault_AndSaysItMayHaveBeenProcessed()
    {
        using var client = TestClients.Create(Stub, Clock, o => o.AttemptTimeout = TimeSpan.FromSeconds(3));
        Stub.Hang().Respond(HttpStatusCode.Created, Payloads.Ticket());

        var call = client.Tickets.CreateAsync(new CreateTicketRequest { Subject = "s", CustomerEmail = "a@b.c" });
        await Clock.FireAsync(t => t.Duration == TimeSpan.FromSeconds(3));
        var error = await CatchAsync<TixalloTimeoutException>(call);

        Assert.That(Stub.Requests, Has.Count.EqualTo(1), "a second POST could create a second ticket");
        Assert.That(error.RequestMayHaveBeenProcessed, Is.True);
    }

    [Test]
    public async Task Post_ConnectionLostOnceSent_IsNotRetriedByDefault_AndSaysItMayHaveBeenProcessed()
    {
        using var client = TestClients.Create(Stub, Clock);
        Stub.Throw(new HttpRequestException(HttpRequestError.ResponseEnded, "ended")).Respond(HttpStatusCode.Created, Payloads.Ticket());

        var error = await CatchAsync<TixalloConnectionException>(client.Tickets.CreateAsync(new CreateTicketRequest { Subject = "s", CustomerEmail = "a@b.c" }));

        Assert.That(Stub.Requests, Has.Count.EqualTo(1));
        Assert.That(error.RequestMayHaveBeenProcessed, Is.True);
    }

    [Test]
    public async Task Post_ConnectionRefused_IsRetried_ItNeverReachedTheServer()
    {
        using var client = TestClients.Create(Stub, Clock);
        Stub.Throw(new HttpRequestException(HttpRequestError.ConnectionError, "refused")).Respond(HttpStatusCode.Created, Payloads.Ticket());

        await Clock.RunAsync(client.Tickets.CreateAsync(new CreateTicketRequest { Subject = "s", CustomerEmail = "a@b.c" }));

        Assert.That(Stub.Requests, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Post_WithRetryPostAfterUnknownOutcome_IsRetriedAfterATimeout()
    {
        using var client = TestClients.Create(Stub, Clock, o =>
        {
            o.AttemptTimeout = TimeSpan.FromSeconds(3);
            o.Retry.RetryPostAfterUnknownOutcome = true;
        });
        Stub.Hang().Respond(HttpStatusCode.Created, Payloads.Ticket());

        var call = client.Tickets.CreateAsync(new CreateTicketRequest { Subject = "s", CustomerEmail = "a@b.c" });
        await Clock.FireAsync(t => t.Duration == TimeSpan.FromSeconds(3));
        await Clock.RunAsync(call);

        Assert.That(Stub.Requests, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Get_ConnectionLostOnceSent_IsRetried_ReadsAreSafe()
    {
        using var client = TestClients.Create(Stub, Clock);
        Stub.Throw(new HttpRequestException(HttpRequestError.ResponseEnded, "ended")).Respond(HttpStatusCode.OK, Payloads.Ticket());

        await Clock.RunAsync(client.Tickets.GetAsync("tkt_1"));

        Assert.That(Stub.Requests, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task TransportFailure_Persistent_ThrowsConnectionExceptionWithInner()
    {
        using var client = TestClients.Create(Stub, Clock);
        Stub.Throw(new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused"));

        var error = await CatchAsync<TixalloConnectionException>(client.Tickets.GetAsync("tkt_1"));

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.Not.InstanceOf<TixalloTimeoutException>());
            Assert.That(error.InnerException, Is.InstanceOf<HttpRequestException>());
            Assert.That(error.Attempts, Is.EqualTo(5));
            Assert.That(error.CorrelationId, Is.EqualTo(Stub.Requests[0].Header("x-correlation-id")));
        });
    }

    [Test]
    public async Task BodyCutOffMidway_IsRetried()
    {
        using var client = TestClients.Create(Stub, Clock);
        Stub.Respond(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new BreakingStream()) })
            .Respond(HttpStatusCode.OK, Payloads.Ticket());

        var ticket = await Clock.RunAsync(client.Tickets.GetAsync("tkt_1"));

        Assert.That(ticket.Id, Is.EqualTo("tkt_1"));
        Assert.That(Stub.Requests, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task BodyShorterThanItsContentLength_IsRetried()
    {
        using var client = TestClients.Create(Stub, Clock);
        Stub.Respond(_ =>
            {
                var cut = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"id\":"));
                cut.Headers.ContentLength = 600;
                return new HttpResponseMessage(HttpStatusCode.OK) { Content = cut };
            })
            .Respond(HttpStatusCode.OK, Payloads.Ticket());

        var ticket = await Clock.RunAsync(client.Tickets.GetAsync("tkt_1"));

        Assert.That(ticket.Id, Is.EqualTo("tkt_1"));
        Assert.That(Stub.Requests, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task AttemptTimeout_IsRetried()
    {
        using var client = TestClients.Create(Stub, Clock, o => o.AttemptTimeout = TimeSpan.FromSeconds(3));
        Stub.Hang().Respond(HttpStatusCode.OK, Payloads.Ticket());

        var call = client.Tickets.GetAsync("tkt_1");
        await Clock.FireAsync(t => t.Duration == TimeSpan.FromSeconds(3));
        var ticket = await Clock.RunAsync(call);

        Assert.That(ticket.Id, Is.EqualTo("tkt_1"));
        Assert.That(Stub.Requests, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task AttemptTimeout_Persistent_ThrowsTimeoutException()
    {
        using var client = TestClients.Create(Stub, Clock, o =>
        {
            o.AttemptTimeout = TimeSpan.FromSeconds(3);
            o.Retry.MaxRetries = 1;
        });
        Stub.Hang();

        var call = client.Tickets.GetAsync("tkt_1");
        await Clock.FireAsync(t => t.Duration == TimeSpan.FromSeconds(3));
        await Clock.FireAsync(t => t.IsSleep);
        await Clock.FireAsync(t => t.Duration == TimeSpan.FromSeconds(3));
        var error = await CatchAsync<TixalloTimeoutException>(call);

        Assert.That(error.Attempts, Is.EqualTo(2));
        Assert.That(error.CorrelationId, Is.Not.Null);
    }

    [Test]
    public async Task TotalTimeout_EndsTheCallWithTimeoutException()
    {
        using var client = TestClients.Create(Stub, Clock, o =>
        {
            o.AttemptTimeout = TimeSpan.FromSeconds(30);
            o.TotalTimeout = TimeSpan.FromSeconds(45);
        });
        Stub.Respond(HttpStatusCode.ServiceUnavailable).Hang();

        // 503 at 0 s, wait 1 s; the second attempt times out at 31 s, wait 2 s; the third starts at 33 s with 12 s left.
        var call = client.Tickets.GetAsync("tkt_1");
        await Clock.FireAsync(t => t.IsSleep);
        await Clock.FireAsync(t => t.Duration == TimeSpan.FromSeconds(30));
        await Clock.FireAsync(t => t.IsSleep);
        await Clock.FireAsync(t => t.Duration == TimeSpan.FromSeconds(12));
        var error = await CatchAsync<TixalloTimeoutException>(call);

        Assert.That(error.Attempts, Is.EqualTo(3));
        Assert.That(Clock.GetUtcNow() - new TestClock().GetUtcNow(), Is.EqualTo(TimeSpan.FromSeconds(45)), "the call ended at its total timeout");
    }

    [Test]
    public async Task CallerCancellation_DuringBackoff_ThrowsOperationCanceledForThatToken()
    {
        using var client = TestClients.Create(Stub, Clock);
        using var cancellation = new CancellationTokenSource();
        Stub.Respond(HttpStatusCode.ServiceUnavailable);

        var call = client.Tickets.GetAsync("tkt_1", cancellation.Token);
        await Clock.NextSleepAsync();
        await cancellation.CancelAsync();

        var error = Assert.CatchAsync<OperationCanceledException>(() => call);
        Assert.That(error!.CancellationToken, Is.EqualTo(cancellation.Token));
        Assert.That(Stub.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public void CallerCancellation_DuringRequest_ThrowsOperationCanceled_NotTimeout()
    {
        using var client = TestClients.Create(Stub, Clock);
        using var cancellation = new CancellationTokenSource();
        Stub.Hang();

        var call = client.Tickets.GetAsync("tkt_1", cancellation.Token);
        cancellation.Cancel();

        var error = Assert.CatchAsync<OperationCanceledException>(() => call);
        Assert.That(error!.CancellationToken, Is.EqualTo(cancellation.Token));
    }

    [Test]
    public async Task SeekableUpload_IsRewoundForTheRetry()
    {
        using var client = TestClients.Create(Stub, Clock);
        Stub.Respond(HttpStatusCode.ServiceUnavailable).Respond(HttpStatusCode.Created, Payloads.Attachment());
        using var file = new MemoryStream(Encoding.UTF8.GetBytes("file body"));

        await Clock.RunAsync(client.Attachments.UploadAsync("tkt_1", file, "a.txt", "text/plain"));

        Assert.That(Stub.Requests, Has.Count.EqualTo(2));
        Assert.That(Stub.Requests[1].BodyText, Is.EqualTo(Stub.Requests[0].BodyText).And.Contain("file body"));
    }

    [Test]
    public async Task NonSeekableUpload_IsNotRetried()
    {
        using var client = TestClients.Create(Stub, Clock);
        Stub.Respond(HttpStatusCode.ServiceUnavailable).Respond(HttpStatusCode.Created, Payloads.Attachment());
        using var file = new OneWayStream(Encoding.UTF8.GetBytes("file body"));

        var error = await CatchAsync<TixalloServerException>(client.Attachments.UploadAsync("tkt_1", file, "a.txt", "text/plain"));

        Assert.That(Stub.Requests, Has.Count.EqualTo(1));
        Assert.That(error.Attempts, Is.EqualTo(1));
    }

    /// <summary>Runs a call that must fail, advancing the fake clock over its waits.</summary>
    private async Task<T> CatchAsync<T>(Task call)
        where T : Exception
    {
        try
        {
            await Clock.RunAsync(call);
        }
        catch (T expected)
        {
            return expected;
        }

        Assert.Fail($"Expected {typeof(T).Name}.");
        throw new InvalidOperationException("unreachable");
    }

    /// <summary>A response body whose connection breaks after a few bytes; like a network stream, it cannot seek, so its length is not known.</summary>
    private sealed class BreakingStream : MemoryStream
    {
        public BreakingStream()
            : base(Encoding.UTF8.GetBytes("{\"id\":"))
        {
        }

        public override bool CanSeek => false;

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Position < Length ? base.ReadAsync(buffer, cancellationToken) : ValueTask.FromException<int>(new IOException("Connection reset by peer"));
    }

    /// <summary>A stream that can be read once, like a network or pipe stream.</summary>
    private sealed class OneWayStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
