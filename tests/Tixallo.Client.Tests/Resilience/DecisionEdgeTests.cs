using System.Net;
using System.Threading.RateLimiting;
using Tixallo.Client.Tests.Support;

namespace Tixallo.Client.Tests.Resilience;

/// <summary>
/// The retry's and the attempt's decisions at their edges: a wait of exactly the time left, the jitter's room counted
/// in that check, another call's hold in it, the status range, an attempt's URI restored, an answer from elsewhere,
/// each attempt numbered, a limiter that refuses.
/// </summary>
public class DecisionEdgeTests : StubbedClientTest
{
    private const string Limited = """{"error": "Rate limit exceeded"}""";

    [Test]
    public async Task ABackoffOfExactlyTheTimeLeft_IsWaited_AndTheAttemptAfterItTimesOutAtOnce()
    {
        using var client = TestClients.Create(Stub, Clock, o =>
        {
            o.TotalTimeout = o.AttemptTimeout = TimeSpan.FromSeconds(1);
            o.Retry.MaxRetries = 1;
        });
        Stub.Respond(HttpStatusCode.ServiceUnavailable).Hang();

        var call = client.Tickets.GetAsync("tkt_1");
        var backoff = await Clock.NextSleepAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Clock.Advance(backoff.Duration);
        await Eventually.That(() => Stub.RequestCount == 2, "the retry is sent");
        Clock.Advance(TimeSpan.FromTicks(1));
        var error = Assert.CatchAsync<TixalloTimeoutException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.That(backoff.Duration, Is.EqualTo(TimeSpan.FromSeconds(1)), "a wait equal to the time left still fits");
        Assert.That(error!.Attempts, Is.EqualTo(2), "an attempt with no time left gets a timeout of one tick, not none");
    }

    [Test]
    public void WithJitter_ARequestedWaitWhoseRoomOutlastsTheTimeLeft_IsNotWaited()
    {
        using var client = TestClients.Create(Stub, Clock, o =>
        {
            o.TotalTimeout = o.AttemptTimeout = TimeSpan.FromSeconds(10);
            o.Retry.UseJitter = true;
        });
        Stub.Respond(HttpStatusCode.TooManyRequests, Limited, r => r.Headers.TryAddWithoutValidation("retry-after-ms", "9500"));

        var error = Assert.CatchAsync<TixalloRateLimitException>(() => client.Tickets.GetAsync("tkt_1").WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.That(error!.RetryAfter, Is.EqualTo(TimeSpan.FromMilliseconds(9500)), "9.5 s plus up to 0.95 s of jitter would outlast the 10 s");
        Assert.That(Stub.RequestCount, Is.EqualTo(1));
    }

    [Test]
    public async Task WithoutJitter_ARequestedWaitJustUnderTheTimeLeft_IsWaited()
    {
        using var client = TestClients.Create(Stub, Clock, o => o.TotalTimeout = o.AttemptTimeout = TimeSpan.FromSeconds(10));
        Stub.Respond(HttpStatusCode.TooManyRequests, Limited, r => r.Headers.TryAddWithoutValidation("retry-after-ms", "9500"))
            .Respond(HttpStatusCode.OK, Payloads.Ticket());

        await Clock.RunAsync(client.Tickets.GetAsync("tkt_1"));

        Assert.That(Clock.Sleeps, Is.EqualTo(new[] { TimeSpan.FromMilliseconds(9500) }));
    }

    [Test]
    public async Task ARetryWhoseWaitFits_ButAnotherCallsHoldDoesNot_IsNotMade_TheCallFailsWithItsOwnAnswer()
    {
        var first = new TaskCompletionSource<HttpResponseMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        var second = new TaskCompletionSource<HttpResponseMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        Stub.Respond((_, _) => first.Task).Respond((_, _) => second.Task);
        var shortCall = Client.WithOptions(new TixalloRequestOptions { TotalTimeout = TimeSpan.FromSeconds(10), AttemptTimeout = TimeSpan.FromSeconds(10) });

        var held = shortCall.Tickets.GetAsync("tkt_1");
        var limited = Client.WithOptions(new TixalloRequestOptions { MaxRetries = 0 }).Tickets.GetAsync("tkt_2");
        await Eventually.That(() => Stub.RequestCount == 2, "both calls are in flight");
        second.SetResult(Response(HttpStatusCode.TooManyRequests, Limited, "Retry-After", "30"));
        Assert.CatchAsync<TixalloRateLimitException>(() => limited.WaitAsync(TimeSpan.FromSeconds(10)));
        first.SetResult(Response(HttpStatusCode.ServiceUnavailable, null));

        var error = Assert.CatchAsync<TixalloServerException>(() => held.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), "its own 503, not a refusal: the 30 s hold outlasts its 10 s");
        Assert.That(Stub.RequestCount, Is.EqualTo(2));
    }

    [TestCase(599, 2)]
    [TestCase(500, 2)]
    [TestCase(408, 2)]
    [TestCase(499, 1)]
    [TestCase(600, 1)]
    public void TheStatusesRetried_Are408And5xx(int status, int requests)
    {
        using var client = TestClients.Create(Stub, Clock, o => o.Retry.MaxRetries = 1);
        Stub.Respond((HttpStatusCode)status);

        Assert.CatchAsync<TixalloApiException>(() => Clock.RunAsync(client.Tickets.GetAsync("tkt_1")));

        Assert.That(Stub.RequestCount, Is.EqualTo(requests));
    }

    [Test]
    public async Task AHandlerBelowThatChangedTheUri_AndFailed_DoesNotSendTheRetryThere()
    {
        var rewriting = new RewritingHandler(Stub);
        using var client = new TixalloClient(TestClients.Options(Clock), rewriting);
        Stub.Respond(HttpStatusCode.OK, Payloads.Ticket());

        await Clock.RunAsync(client.Tickets.GetAsync("tkt_1"));

        Assert.That(Stub.Requests.Single().Uri, Is.EqualTo(new Uri(TestClients.BaseAddress, "tickets/tkt_1")), "the retry went to the call's URI");
        Assert.That(rewriting.Attempts, Is.EqualTo(2));
    }

    [Test]
    public void AnAnswerWhoseRequestIsAnotherOne_IsRefusedAsARedirect()
    {
        using var client = new TixalloClient(TestClients.Options(Clock), new ElsewhereHandler());

        var error = Assert.CatchAsync<TixalloApiException>(() => client.Tickets.GetAsync("tkt_1"));

        Assert.That(error!.ErrorCode, Is.EqualTo("redirect_refused"));
    }

    [Test]
    public async Task EachAttempt_IsNumberedOnItsOptions()
    {
        var seen = new List<int>();
        Stub.Respond(request => Noted(seen, request, HttpStatusCode.BadGateway)).Respond(request => Noted(seen, request, HttpStatusCode.OK));

        await Clock.RunAsync(Client.Tickets.GetAsync("tkt_1"));

        Assert.That(seen, Is.EqualTo(new[] { 1, 2 }));
    }

    [Test]
    public void ALimiterThatRefuses_IsAClientSideRateLimit_SayingWhy_AndNothingIsSent()
    {
        using var limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 0 });
        using var taken = limiter.AttemptAcquire(1);
        using var client = TestClients.Create(Stub, Clock, o => o.RateLimiter = limiter);

        var error = Assert.CatchAsync<TixalloRateLimitException>(() => client.Tickets.GetAsync("tkt_1").WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.That(error!.IsClientSide, Is.True);
        Assert.That(error.Message, Does.Contain("The rate limiter refused a permit: Queue limit reached."), "the limiter's own reason");
        Assert.That(error.Scope, Is.EqualTo(TixalloRateLimitScope.Unknown));
        Assert.That(error.RetryAfter, Is.Null);
        Assert.That(Stub.RequestCount, Is.Zero);
    }

    [Test]
    public void ALimiterThatRefusesWithoutAReason_IsSaidToBeFull_AndItsWaitAndScopeAreKept()
    {
        using var limiter = new RefusingLimiter(reason: null, retryAfter: TimeSpan.FromSeconds(12), scope: TixalloRateLimitScope.AttachmentUpload);
        using var silent = new RefusingLimiter(reason: null, retryAfter: null, scope: null);

        var error = Assert.CatchAsync<TixalloRateLimitException>(() => TestClients.Create(Stub, Clock, o => o.RateLimiter = limiter).Tickets.GetAsync("tkt_1").WaitAsync(TimeSpan.FromSeconds(10)));
        var bare = Assert.CatchAsync<TixalloRateLimitException>(() => TestClients.Create(Stub, Clock, o => o.RateLimiter = silent).Tickets.GetAsync("tkt_1").WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.That(error!.Message, Does.Contain("The rate limiter refused a permit: its queue is full."));
        Assert.That((error.RetryAfter, error.Scope), Is.EqualTo(((TimeSpan?)TimeSpan.FromSeconds(12), TixalloRateLimitScope.AttachmentUpload)));
        Assert.That((bare!.RetryAfter, bare.Scope), Is.EqualTo(((TimeSpan?)null, TixalloRateLimitScope.Unknown)));
        Assert.That(limiter.Disposed + silent.Disposed, Is.EqualTo(4), "every refused lease is given back: the synchronous one and the one waited for");
        Assert.That(Stub.RequestCount, Is.Zero);
    }

    [Test]
    public async Task NoPermitInTime_SaysTheCallsTimeRanOut()
    {
        using var limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 1 });
        using var taken = limiter.AttemptAcquire(1);
        using var client = TestClients.Create(Stub, Clock, o =>
        {
            o.TotalTimeout = o.AttemptTimeout = TimeSpan.FromSeconds(5);
            o.RateLimiter = limiter;
        });

        var call = client.Tickets.GetAsync("tkt_1");
        await Clock.FireAsync(t => t.Duration == TimeSpan.FromSeconds(5));

        var error = Assert.CatchAsync<TixalloRateLimitException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.That(error!.Message, Does.Contain("gave no permit before the call's time ran out (00:00:05)"));
    }

    [Test]
    public async Task CancelledWhileWaitingForAPermit_SendsNothing_AndTheNextCallIsTheProbe()
    {
        using var held = ClientAfterAHold(queueLimit: 4);
        var (limiter, client) = (held.Limiter, held.Client);
        Stub.Respond(HttpStatusCode.OK, Payloads.Ticket());
        var taken = limiter.AttemptAcquire(1);
        using var cancel = new CancellationTokenSource();

        var probe = client.Tickets.GetAsync("tkt_1", cancel.Token);
        await Eventually.That(() => limiter.GetStatistics()!.CurrentQueuedCount == 1, "the probe queues for a permit");
        await cancel.CancelAsync();
        Assert.CatchAsync<OperationCanceledException>(() => probe.WaitAsync(TimeSpan.FromSeconds(10)));
        taken.Dispose();
        var next = await client.Tickets.GetAsync("tkt_2").WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(next.Id, Is.EqualTo("tkt_1"));
        Assert.That(Stub.RequestCount, Is.EqualTo(2), "the cancelled probe sent nothing; the next call went as the probe");
    }

    [Test]
    public void AnAnswerTooLargeToRead_IsDisposed()
    {
        var content = new TrackedContent(new string('x', 4096));
        Stub.Respond(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
        using var client = TestClients.Create(Stub, Clock, o => o.MaxResponseContentBytes = 1024);

        var error = Assert.CatchAsync<TixalloApiException>(() => client.Tickets.GetAsync("tkt_1"));

        Assert.That(error!.ErrorCode, Is.EqualTo("response_too_large"));
        Assert.That(content.Disposed, Is.True, "its connection goes back to the pool");
    }

    [Test]
    public void AnAnswerFromElsewhere_IsDisposed()
    {
        var handler = new ElsewhereHandler();
        using var client = new TixalloClient(TestClients.Options(Clock), handler);

        Assert.CatchAsync<TixalloApiException>(() => client.Tickets.GetAsync("tkt_1"));

        Assert.That(handler.Content.Disposed, Is.True);
    }

    [Test]
    public async Task AProbeTheLimiterRefuses_HandsTheProbeToTheNextCall()
    {
        using var held = ClientAfterAHold(queueLimit: 0);
        var (limiter, client) = (held.Limiter, held.Client);
        Stub.Respond(HttpStatusCode.OK, Payloads.Ticket());

        var taken = limiter.AttemptAcquire(1);
        var refused = Assert.CatchAsync<TixalloRateLimitException>(() => client.Tickets.GetAsync("tkt_1").WaitAsync(TimeSpan.FromSeconds(10)));
        taken.Dispose();
        var next = await client.Tickets.GetAsync("tkt_2").WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(refused!.IsClientSide, Is.True, "the probe got no permit");
        Assert.That(next.Id, Is.EqualTo("tkt_1"), "the next call probed at once instead of waiting for an answer that never comes");
    }

    [Test]
    public async Task TheWaitsForAProbesAnswerAndForAPermit_AreMeasured()
    {
        var waits = new List<double>();
        using var listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "Tixallo.Client" && instrument.Name == "tixallo.client.rate_limit.wait")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, value, _, _) => { lock (waits) { waits.Add(value); } });
        listener.Start();
        using var held = ClientAfterAHold(queueLimit: 4);
        var (limiter, client) = (held.Limiter, held.Client);
        var probeAnswer = new TaskCompletionSource<HttpResponseMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        Stub.Respond((_, _) => probeAnswer.Task).Respond(HttpStatusCode.OK, Payloads.Ticket());

        var probe = client.Tickets.GetAsync("tkt_1");
        await Eventually.That(() => Stub.RequestCount == 2, "the probe is sent, holding the one permit");
        var waiter = client.Tickets.GetAsync("tkt_2");
        await Eventually.That(() => Clock.PendingTimeouts >= 2, "the other call waits for the probe's answer");
        Clock.Advance(TimeSpan.FromSeconds(3));
        probeAnswer.SetResult(StubHandler.Json(HttpStatusCode.OK, Payloads.Ticket()));
        await Task.WhenAll(probe, waiter).WaitAsync(TimeSpan.FromSeconds(10));

        lock (waits)
        {
            Assert.That(waits, Has.Some.EqualTo(3.0), "the wait for the probe's answer");
            Assert.That(waits, Has.Some.EqualTo(0.0), "the wait for the permit, once the probe gave it back");
        }
    }

    [Test]
    public void ACancellationThatIsNeitherTheCallersNorATimeout_IsNotRetried()
    {
        Stub.Throw(new TaskCanceledException("an inner client's own timeout"));

        var error = Assert.CatchAsync<TixalloException>(() => Clock.RunAsync(Client.Tickets.GetAsync("tkt_1")));

        Assert.That(Stub.RequestCount, Is.EqualTo(1));
        Assert.That(error!.InnerException, Is.TypeOf<TaskCanceledException>());
    }

    [Test]
    public async Task AnUploadThatGoesSilent_TimesOut_SayingNeitherWayMoved()
    {
        using var client = TestClients.Create(Stub, Clock, o => o.AttemptTimeout = TimeSpan.FromSeconds(5));
        Stub.Respond(async (_, token) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, token);
            throw new InvalidOperationException("unreachable");
        });
        using var file = new NonSeekableStream([1, 2, 3]);

        var call = client.Attachments.UploadAsync("tkt_1", file, "a.txt", "text/plain");
        await Eventually.That(() => Stub.RequestCount == 1 && Clock.PendingTimeouts >= 1, "the upload waits for an answer");
        Clock.Advance(TimeSpan.FromSeconds(5));
        var error = Assert.CatchAsync<TixalloTimeoutException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.That(error!.InnerException?.Message, Does.StartWith("Neither a byte of the request body went out nor a byte of the answer came in for 00:00:05"));
    }

    [Test]
    public async Task AnUploadsErrorAnswerThatGoesSilent_IsDisposed()
    {
        var content = new HangingContent();
        using var client = TestClients.Create(Stub, Clock, o => o.AttemptTimeout = TimeSpan.FromSeconds(5));
        Stub.Respond(_ => new HttpResponseMessage(HttpStatusCode.InternalServerError) { Content = content });
        using var file = new NonSeekableStream([1, 2, 3]);

        var call = client.Attachments.UploadAsync("tkt_1", file, "a.txt", "text/plain");
        await Eventually.That(() => content.Reading, "the client reads the error body");
        Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.CatchAsync<TixalloTimeoutException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.That(content.Disposed, Is.True, "the answer whose body went silent is released (by the read that was cut)");
    }

    /// <summary>A client with a one-permit limiter, just after a 2 s hold (a 429 to a call that gave up) ran out: its next attempt probes.</summary>
    private HeldClient ClientAfterAHold(int queueLimit)
    {
        var limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = queueLimit });
        var client = TestClients.Create(Stub, Clock, o => o.RateLimiter = limiter);
        Stub.Respond(HttpStatusCode.TooManyRequests, Limited, r => r.Headers.TryAddWithoutValidation("Retry-After", "2"));
        Assert.CatchAsync<TixalloRateLimitException>(() => client.WithOptions(new TixalloRequestOptions { MaxRetries = 0 }).Tickets.GetAsync("tkt_0"));
        Clock.Advance(TimeSpan.FromSeconds(2));
        return new HeldClient(limiter, client);
    }

    private sealed record HeldClient(ConcurrencyLimiter Limiter, TixalloClient Client) : IDisposable
    {
        public void Dispose()
        {
            Client.Dispose();
            Limiter.Dispose();
        }
    }

    private static HttpResponseMessage Noted(List<int> seen, HttpRequestMessage request, HttpStatusCode status)
    {
        seen.Add(request.Options.TryGetValue(TixalloHttpRequestOptions.AttemptNumber, out var attempt) ? attempt : 0);
        return StubHandler.Json(status, status == HttpStatusCode.OK ? Payloads.Ticket() : null);
    }

    private static HttpResponseMessage Response(HttpStatusCode status, string? json, string? header = null, string? value = null)
    {
        var response = StubHandler.Json(status, json);
        if (header is not null)
        {
            response.Headers.TryAddWithoutValidation(header, value);
        }

        return response;
    }

    /// <summary>A limiter that refuses every permit, with the metadata it is given.</summary>
    private sealed class RefusingLimiter(string? reason, TimeSpan? retryAfter, TixalloRateLimitScope? scope) : RateLimiter
    {
        public int Disposed;

        private object? Reason { get; } = reason;

        private object? RetryAfter { get; } = retryAfter;

        private object? Scope { get; } = scope;

        public override TimeSpan? IdleDuration => null;

        public override RateLimiterStatistics? GetStatistics() => null;

        protected override RateLimitLease AttemptAcquireCore(int permitCount) => new Refusal(this);

        protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) => new(new Refusal(this));

        private sealed class Refusal(RefusingLimiter limiter) : RateLimitLease
        {
            public override bool IsAcquired => false;

            public override IEnumerable<string> MetadataNames => [];

            public override bool TryGetMetadata(string metadataName, out object? metadata)
            {
                metadata = metadataName switch
                {
                    _ when metadataName == MetadataName.ReasonPhrase.Name => limiter.Reason,
                    _ when metadataName == MetadataName.RetryAfter.Name => limiter.RetryAfter,
                    _ when metadataName == TixalloRateLimiters.ScopeMetadataName.Name => limiter.Scope,
                    _ => null,
                };
                return metadata is not null;
            }

            protected override void Dispose(bool disposing) => Interlocked.Increment(ref limiter.Disposed);
        }
    }

    /// <summary>On the first attempt, points the request elsewhere and fails before sending; then passes it on.</summary>
    private sealed class RewritingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        public int Attempts { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (++Attempts == 1)
            {
                request.RequestUri = new Uri(TestClients.BaseAddress, "elsewhere");
                throw new HttpRequestException(HttpRequestError.ConnectionError, "refused");
            }

            return base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>Answers as a handler that followed a redirect with a request of its own would: the answer's request is another.</summary>
    private sealed class ElsewhereHandler : HttpMessageHandler
    {
        public TrackedContent Content { get; } = new(Payloads.Ticket());

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = Content,
                RequestMessage = new HttpRequestMessage(HttpMethod.Get, new Uri(TestClients.BaseAddress, "tickets/tkt_other")),
            });
    }

    /// <summary>A caller's stream that cannot seek: its upload is sent once.</summary>
    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }

    /// <summary>An error body whose bytes never come; it says whether it is being read and whether it was disposed.</summary>
    private sealed class HangingContent : HttpContent
    {
        public volatile bool Reading;

        public bool Disposed { get; private set; }

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => throw new NotSupportedException();

        protected override Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) => Task.FromResult<Stream>(new Silent(this));

        protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }

        private sealed class Silent(HangingContent owner) : MemoryStream
        {
            public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            {
                owner.Reading = true;
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
                return 0;
            }
        }
    }

    /// <summary>A body that says whether it was disposed.</summary>
    private sealed class TrackedContent(string text) : StringContent(text)
    {
        public bool Disposed { get; private set; }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}
