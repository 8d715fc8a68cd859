using System.Diagnostics.Metrics;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Tixallo.Client.Tests.Support;

namespace Tixallo.Client.Tests.Resilience;

/// <summary>The rate budget as one client spends it: the hold a 429 puts on every call, waits the server asks for, scopes, the limiter.</summary>
[NonParallelizable] // one test listens to the process-wide Meter
public class RateLimitTests : StubbedClientTest
{
    private const string KeyLimited = """{"error": "Rate limit exceeded", "limit": 60, "window_seconds": 60}""";

    [Test]
    public async Task A429ThatNamesAWait_HoldsEveryOtherCallOfTheClient_UntilTheWaitIsOver()
    {
        Stub.Respond(HttpStatusCode.TooManyRequests, KeyLimited, r => r.Headers.TryAddWithoutValidation("Retry-After", "10"))
            .Respond(HttpStatusCode.OK, Payloads.Ticket());

        var first = Client.Tickets.GetAsync("tkt_1");
        await Clock.NextSleepAsync();
        var second = Client.Tickets.GetAsync("tkt_2");
        var secondWaits = await Clock.WhenSleepCountIs(2);

        Assert.That(Stub.Requests, Has.Count.EqualTo(1), "the second call sent nothing into the limit");
        Assert.That(secondWaits.Duration, Is.EqualTo(TimeSpan.FromSeconds(10)), "it waits what is left of the hold");
        Clock.Advance(TimeSpan.FromSeconds(10));
        await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(Stub.Requests, Has.Count.EqualTo(3));
    }

    [Test]
    public void ACallThatCannotWaitOutTheHold_FailsAtOnce_ClientSide_SendingNothing()
    {
        Stub.Respond(HttpStatusCode.TooManyRequests, KeyLimited, r => r.Headers.TryAddWithoutValidation("Retry-After", "30"));
        var server = Assert.CatchAsync<TixalloRateLimitException>(() => Client.WithOptions(new TixalloRequestOptions { MaxRetries = 0 }).Tickets.GetAsync("tkt_1"));

        TixalloRateLimitException? held;
        using (TixalloCorrelation.Begin("held-1"))
        {
            held = Assert.CatchAsync<TixalloRateLimitException>(() => Client.WithOptions(new TixalloRequestOptions { TotalTimeout = TimeSpan.FromSeconds(10) }).Tickets.GetAsync("tkt_2"));
        }

        Assert.Multiple(() =>
        {
            Assert.That(server!.IsClientSide, Is.False);
            Assert.That(server.Scope, Is.EqualTo(TixalloRateLimitScope.ApiKey));
            Assert.That(held!.IsClientSide, Is.True);
            Assert.That(held.ErrorCode, Is.EqualTo("rate_limited_client_side"));
            Assert.That(held.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(held.Scope, Is.EqualTo(TixalloRateLimitScope.ApiKey));
            Assert.That(held.Attempts, Is.Zero);
            Assert.That(held.CorrelationId, Is.EqualTo("held-1"));
            Assert.That(Stub.Requests, Has.Count.EqualTo(1), "the held call sent nothing");
            Assert.That(Clock.Sleeps, Is.Empty, "and did not wait first");
        });
    }

    [TestCase(0.0, 10_000, 10_000)]
    [TestCase(0.5, 10_000, 10_500)]
    [TestCase(0.999, 10_000, 10_999)]
    [TestCase(0.5, 200, 225)]
    [TestCase(0.5, 60_000, 60_500)]
    public void WaitsTheServerAsksFor_GetPositiveJitter_NeverEarlier(double random, int askedMs, int expectedMs)
    {
        var policy = new Client.Resilience.RetryPolicy(new TixalloRetryOptions { UseJitter = true });

        var wait = policy.Delay(retryIndex: 0, TimeSpan.FromMilliseconds(askedMs), random);

        Assert.That(wait.TotalMilliseconds, Is.EqualTo(expectedMs).Within(1));
    }

    [Test]
    public async Task JitteredServerWaits_StayWithinTheirBounds()
    {
        using var client = TestClients.Create(Stub, Clock, o => o.Retry.UseJitter = true);
        for (var i = 0; i < 10; i++)
        {
            Stub.Respond(HttpStatusCode.TooManyRequests, KeyLimited, r => r.Headers.TryAddWithoutValidation("Retry-After", "2")).Respond(HttpStatusCode.OK, Payloads.Ticket());
            await Clock.RunAsync(client.Tickets.GetAsync("tkt_1"));
        }

        Assert.That(Clock.Sleeps, Has.Count.EqualTo(10));
        Assert.That(Clock.Sleeps, Is.All.InRange(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2.2)));
        Assert.That(Clock.Sleeps.Distinct().Count(), Is.GreaterThan(1), "released callers spread out");
    }

    [Test]
    public async Task A429WithoutRetryAfter_WaitsItsWindow()
    {
        Stub.Respond(HttpStatusCode.TooManyRequests, """{"error": "Rate limit exceeded", "limit": 60, "window_seconds": 7}""")
            .Respond(HttpStatusCode.OK, Payloads.Ticket());

        await Clock.RunAsync(Client.Tickets.GetAsync("tkt_1"));

        Assert.That(Clock.Sleeps, Is.EqualTo(new[] { TimeSpan.FromSeconds(7) }));
    }

    [Test]
    public void APerIp429_WithAFifteenMinuteWindow_FailsFast_InsteadOfBackingOffIntoIt()
    {
        Stub.Respond(HttpStatusCode.TooManyRequests, """{"error": "Rate limit exceeded", "limit": 500, "window_seconds": 900}""");

        var error = Assert.CatchAsync<TixalloRateLimitException>(() => Clock.RunAsync(Client.Tickets.GetAsync("tkt_1")));

        Assert.That(error!.Scope, Is.EqualTo(TixalloRateLimitScope.Ip));
        Assert.That(error.Attempts, Is.EqualTo(1));
        Assert.That(Clock.Sleeps, Is.Empty);
    }

    [Test]
    public async Task AnAttachment429_HoldsOnlyThatKindOfTransfer()
    {
        using var client = TestClients.Create(Stub, Clock, o => o.Retry.MaxRetries = 0);
        Stub.Respond(HttpStatusCode.TooManyRequests, """{"key": "api-errors.attachmentUploadLimitExceeded", "params": {}, "fallbackMessage": "Upload limit reached."}""",
                r => r.Headers.TryAddWithoutValidation("Retry-After", "3600"))
            .Respond(HttpStatusCode.OK, Payloads.Ticket());
        using var file = new MemoryStream([1]);
        var upload = Assert.CatchAsync<TixalloRateLimitException>(() => client.Attachments.UploadAsync("tkt_1", file, "a.txt", "text/plain"));

        var ticket = await client.Tickets.GetAsync("tkt_1");
        var shortUpload = client.WithOptions(new TixalloRequestOptions { TotalTimeout = TimeSpan.FromSeconds(30) }).Attachments;
        var heldUpload = Assert.CatchAsync<TixalloRateLimitException>(() => shortUpload.UploadAsync("tkt_1", file, "a.txt", "text/plain"));

        Assert.That(upload!.Scope, Is.EqualTo(TixalloRateLimitScope.AttachmentUpload));
        Assert.That(upload.RetryAfter, Is.EqualTo(TimeSpan.FromHours(1)), "the call that got the 429 reports the wait as the server sent it");
        Assert.That(ticket.Id, Is.EqualTo("tkt_1"), "other calls go on");
        Assert.That((heldUpload!.IsClientSide, heldUpload.Scope), Is.EqualTo((true, TixalloRateLimitScope.AttachmentUpload)));
        Assert.That(heldUpload.RetryAfter, Is.EqualTo(TimeSpan.FromMinutes(1)), "uploads are held for MaxRetryAfter, not the hour asked");
        Assert.That(Stub.Requests, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task TheLimiter_GivesEveryAttemptOnePermit_RetriesIncluded()
    {
        using var limiter = new CountingLimiter();
        using var client = TestClients.Create(Stub, Clock, o => o.RateLimiter = limiter);
        Stub.Respond(HttpStatusCode.ServiceUnavailable).Respond(HttpStatusCode.OK, Payloads.Ticket());

        await Clock.RunAsync(client.Tickets.GetAsync("tkt_1"));

        Assert.That(limiter.Acquired, Is.EqualTo(2));
        Assert.That(limiter.Released, Is.EqualTo(2), "each permit is released when its attempt ends");
    }

    [Test]
    public async Task TheLimiter_MakesCallsWaitTheirTurn()
    {
        using var limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = 1, TokensPerPeriod = 1, ReplenishmentPeriod = TimeSpan.FromMilliseconds(1), QueueLimit = 10, AutoReplenishment = false,
        });
        using var client = TestClients.Create(Stub, Clock, o => o.RateLimiter = limiter);
        Stub.Respond(HttpStatusCode.OK, Payloads.Ticket());

        await client.Tickets.GetAsync("tkt_1");
        var second = client.Tickets.GetAsync("tkt_2");
        await Task.Delay(50);
        var sentBeforeReplenishing = Stub.Requests.Count;
        limiter.TryReplenish();
        await second.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(sentBeforeReplenishing, Is.EqualTo(1));
        Assert.That(Stub.Requests, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task NoPermitBeforeTheCallsTimeRunsOut_IsAClientSideRateLimit()
    {
        using var limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = 1, TokensPerPeriod = 1, ReplenishmentPeriod = TimeSpan.FromSeconds(1), QueueLimit = 10, AutoReplenishment = false,
        });
        limiter.AttemptAcquire(1);
        using var client = TestClients.Create(Stub, Clock, o =>
        {
            o.TotalTimeout = o.AttemptTimeout = TimeSpan.FromSeconds(5);
            o.RateLimiter = limiter;
        });

        var call = client.Tickets.GetAsync("tkt_1");
        await Clock.FireAsync(t => t.Duration == TimeSpan.FromSeconds(5));
        var error = Assert.CatchAsync<TixalloRateLimitException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.That(error!.IsClientSide, Is.True);
        Assert.That(Stub.Requests, Is.Empty);
    }

    [Test]
    public async Task WaitingForAPermit_EndsAtTheCallersCancellation_AsOperationCanceled()
    {
        using var limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = 1, TokensPerPeriod = 1, ReplenishmentPeriod = TimeSpan.FromMinutes(1), QueueLimit = 10, AutoReplenishment = false,
        });
        limiter.AttemptAcquire(1);
        using var client = TestClients.Create(Stub, Clock, o => o.RateLimiter = limiter);
        using var cancel = new CancellationTokenSource();

        var call = client.Tickets.GetAsync("tkt_1", cancel.Token);
        await Eventually.That(() => limiter.GetStatistics()!.CurrentQueuedCount == 1, "the call queues for a permit");
        await cancel.CancelAsync();

        Assert.CatchAsync<OperationCanceledException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.That(limiter.GetStatistics()!.CurrentQueuedCount, Is.Zero, "and leaves the queue");
        Assert.That(Stub.RequestCount, Is.Zero);
    }

    [Test]
    public async Task Telemetry_RecordsTheWait_TheAttemptsSpent_AndLogsTheHold()
    {
        var logs = new FakeLogCollector();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(logs)));
        using var client = TestClients.Create(Stub, Clock, o => o.LoggerFactory = loggerFactory);
        var measured = new List<(string Instrument, double Value)>();
        using var listener = new MeterListener { InstrumentPublished = (i, l) => { if (i.Meter.Name == "Tixallo.Client") { l.EnableMeasurementEvents(i); } } };
        listener.SetMeasurementEventCallback<double>((i, v, _, _) => measured.Add((i.Name, v)));
        listener.SetMeasurementEventCallback<long>((i, v, _, _) => measured.Add((i.Name, v)));
        listener.Start();
        Stub.Respond(HttpStatusCode.TooManyRequests, KeyLimited, r => r.Headers.TryAddWithoutValidation("Retry-After", "4")).Respond(HttpStatusCode.OK, Payloads.Ticket());

        var first = client.Tickets.GetAsync("tkt_1");
        await Clock.NextSleepAsync();
        var held = client.Tickets.GetAsync("tkt_2");
        await Clock.RunAsync(Task.WhenAll(first, held));

        Assert.That(measured.Where(m => m.Instrument == "tixallo.client.attempts").Sum(m => m.Value), Is.EqualTo(3), "the 429, its retry, and the held call's one attempt");
        Assert.That(measured.Where(m => m.Instrument == "tixallo.client.rate_limit.wait").Select(m => m.Value), Has.Some.GreaterThanOrEqualTo(4.0));
        Assert.That(logs.GetSnapshot().Where(l => l.Id.Name == "HoldingCalls").Select(l => l.Message), Has.Some.Contains("Holding calls for 4000 ms after a 429 (ApiKey)"));
    }

    /// <summary>A limiter that always grants, counting permits taken and given back.</summary>
    private sealed class CountingLimiter : RateLimiter
    {
        public int Acquired { get; private set; }

        public int Released { get; private set; }

        public override TimeSpan? IdleDuration => null;

        public override RateLimiterStatistics? GetStatistics() => null;

        protected override RateLimitLease AttemptAcquireCore(int permitCount) => Grant();

        protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) => new(Grant());

        private CountedLease Grant()
        {
            Acquired++;
            return new CountedLease(this);
        }

        private sealed class CountedLease(CountingLimiter owner) : RateLimitLease
        {
            public override bool IsAcquired => true;

            public override IEnumerable<string> MetadataNames => [];

            public override bool TryGetMetadata(string metadataName, out object? metadata)
            {
                metadata = null;
                return false;
            }

            protected override void Dispose(bool disposing)
            {
                owner.Released++;
                base.Dispose(disposing);
            }
        }
    }
}
