using System.Globalization;
using System.Net;
using Tixallo.Client.Tests.Support;

namespace Tixallo.Client.Tests.Resilience;

/// <summary>
/// The hold a 429 puts on the client under a server that asks too much: it never outlasts <c>MaxRetryAfter</c>, and when
/// it ends one request (the probe) finds out whether the limit has reset before the others follow.
/// </summary>
public class RateLimitHoldTests : StubbedClientTest
{
    private const string KeyLimited = """{"error": "Rate limit exceeded", "limit": 60, "window_seconds": 60}""";

    [TestCase("Retry-After", "86400")]
    [TestCase("Retry-After", "date")]
    [TestCase("retry-after-ms", "86400000")]
    public async Task ADayLongWait_FailsTheCallThatGotIt_AndHoldsTheOthersForMaxRetryAfterOnly(string header, string value)
    {
        var asked = value == "date" ? Clock.GetUtcNow().AddDays(1).ToString("R", CultureInfo.InvariantCulture) : value;
        Stub.Respond(HttpStatusCode.TooManyRequests, KeyLimited, r => r.Headers.TryAddWithoutValidation(header, asked))
            .Respond(HttpStatusCode.OK, Payloads.Ticket());

        var got = Assert.CatchAsync<TixalloRateLimitException>(() => Client.Tickets.GetAsync("tkt_1"));
        var next = Client.Tickets.GetAsync("tkt_2");
        var hold = await Clock.NextSleepAsync();

        Assert.Multiple(() =>
        {
            Assert.That(got!.RetryAfter, Is.EqualTo(TimeSpan.FromDays(1)), "the call that got the 429 fails at once, with the wait as sent");
            Assert.That((got.Attempts, got.IsClientSide), Is.EqualTo((1, false)));
            Assert.That(hold.Duration, Is.EqualTo(TimeSpan.FromSeconds(60)), "the others are held for MaxRetryAfter, not a day");
            Assert.That(Stub.RequestCount, Is.EqualTo(1));
        });

        Clock.Advance(TimeSpan.FromSeconds(60));
        Assert.That((await next.WaitAsync(TimeSpan.FromSeconds(10))).Id, Is.EqualTo("tkt_1"), "after MaxRetryAfter the client sends again");
        await Client.Tickets.GetAsync("tkt_3").WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(Stub.RequestCount, Is.EqualTo(3));
        Assert.That(Clock.Sleeps, Has.Count.EqualTo(1), "once the probe was answered, calls go straight on");
    }

    [TestCase("""{"error": "Rate limit exceeded", "limit": 500, "window_seconds": 900}""", "tickets")]
    [TestCase("""{"key": "api-errors.attachmentUploadLimitExceeded", "params": {}, "fallbackMessage": "No."}""", "uploads")]
    public async Task EveryScopeAndEverySourceOfAWait_IsBoundedByMaxRetryAfter(string body, string held)
    {
        // The upload's wait is an hour's Retry-After; the per-IP one is the body's 15-minute window.
        Stub.Respond(HttpStatusCode.TooManyRequests, body, r => _ = held == "uploads" && r.Headers.TryAddWithoutValidation("Retry-After", "3600"))
            .Respond(HttpStatusCode.OK, held == "uploads" ? Payloads.Attachment() : Payloads.Ticket());
        using var file = new MemoryStream([1]);
        Task Call() => held == "uploads" ? Client.Attachments.UploadAsync("tkt_1", file, "a.txt", "text/plain") : Client.Tickets.GetAsync("tkt_1");

        Assert.CatchAsync<TixalloRateLimitException>(Call);
        var next = Call();
        var hold = await Clock.NextSleepAsync();
        Clock.Advance(hold.Duration);
        await next.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(hold.Duration, Is.EqualTo(TimeSpan.FromSeconds(60)));
        Assert.That(Stub.RequestCount, Is.EqualTo(2));
    }

    [TestCase(60, 2)]
    [TestCase(61, 1)]
    public void AWaitOfExactlyMaxRetryAfter_IsWaited_OneLonger_FailsAtOnce(int seconds, int requests)
    {
        Stub.Respond(HttpStatusCode.TooManyRequests, KeyLimited, r => r.Headers.TryAddWithoutValidation("Retry-After", seconds.ToString(CultureInfo.InvariantCulture)))
            .Respond(HttpStatusCode.OK, Payloads.Ticket());

        var call = Clock.RunAsync(Client.Tickets.GetAsync("tkt_1"));

        if (requests == 2)
        {
            Assert.DoesNotThrowAsync(() => call);
        }
        else
        {
            Assert.That(Assert.CatchAsync<TixalloRateLimitException>(() => call)!.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(seconds)));
        }

        Assert.That(Stub.RequestCount, Is.EqualTo(requests));
    }

    [Test]
    public async Task AfterAHold_OneRequestGoesFirst_AndTheOthersFollowOnlyOnceItIsAnswered()
    {
        var probeAnswer = HoldForTenSecondsWithTheProbesAnswerPending();

        var calls = Enumerable.Range(0, 200).Select(_ => Client.Tickets.GetAsync("tkt_1")).ToList();
        await Clock.WhenSleepCountIs(200);
        Clock.Advance(TimeSpan.FromSeconds(10));
        // 199 calls wait for the probe's answer (each with its deadline armed), the probe waits for the server (its attempt timeout armed).
        await Eventually.That(() => Clock.PendingTimeouts == 200, "199 deadlines and one attempt timeout");

        Assert.That(Stub.RequestCount, Is.EqualTo(2), "the 429, then one probe; the other 199 sent nothing yet");
        probeAnswer.SetResult(StubHandler.Json(HttpStatusCode.OK, Payloads.Ticket()));
        var tickets = await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(tickets, Has.Length.EqualTo(200));
        Assert.That(Stub.RequestCount, Is.EqualTo(201));
    }

    [Test]
    public async Task AProbeAnsweredWith429_HoldsTheOthersAgain_AndThoseWhoseTimeIsShortFailClientSide()
    {
        Stub.Respond(HttpStatusCode.TooManyRequests, KeyLimited, r => r.Headers.TryAddWithoutValidation("Retry-After", "10"))
            .Respond(HttpStatusCode.TooManyRequests, KeyLimited, r => r.Headers.TryAddWithoutValidation("Retry-After", "10"))
            .Respond(HttpStatusCode.OK, Payloads.Ticket());
        Assert.CatchAsync<TixalloRateLimitException>(() => Client.WithOptions(new TixalloRequestOptions { MaxRetries = 0 }).Tickets.GetAsync("tkt_0"));
        var hurriedClient = Client.WithOptions(new TixalloRequestOptions { TotalTimeout = TimeSpan.FromSeconds(15), AttemptTimeout = TimeSpan.FromSeconds(15) });

        var patient = Enumerable.Range(0, 20).Select(_ => Client.Tickets.GetAsync("tkt_1")).ToList();
        var hurried = Enumerable.Range(0, 10).Select(_ => hurriedClient.Tickets.GetAsync("tkt_1")).ToList();
        await Clock.WhenSleepCountIs(30);
        Clock.Advance(TimeSpan.FromSeconds(10));
        var failures = new List<TixalloRateLimitException>();
        foreach (var call in hurried)
        {
            failures.Add(Assert.CatchAsync<TixalloRateLimitException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)))!);
        }

        await Clock.WhenSleepCountIs(50);
        Assert.Multiple(() =>
        {
            Assert.That(Stub.RequestCount, Is.EqualTo(2), "the probe met a 429 again; nobody else sent");
            Assert.That(failures.Count(f => f.IsClientSide), Is.GreaterThanOrEqualTo(9), "5 s left is less than the new 10 s hold");
            Assert.That(failures.Where(f => f.IsClientSide).Select(f => f.RetryAfter), Is.All.EqualTo(TimeSpan.FromSeconds(10)));
            Assert.That(patient.Where(t => t.IsCompleted), Is.Empty, "the patient ones wait the new hold out");
        });

        Clock.Advance(TimeSpan.FromSeconds(10));
        await Task.WhenAll(patient).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(Stub.RequestCount, Is.EqualTo(22), "a second probe, then the other patient calls");
    }

    [Test]
    public async Task AProbeThatEndsWithoutAnAnswer_HandsTheProbeToTheNextCall()
    {
        Stub.Respond(HttpStatusCode.TooManyRequests, KeyLimited, r => r.Headers.TryAddWithoutValidation("Retry-After", "10"))
            .Throw(new HttpRequestException(HttpRequestError.ConnectionError, "refused"))
            .Respond(HttpStatusCode.OK, Payloads.Ticket());
        var once = Client.WithOptions(new TixalloRequestOptions { MaxRetries = 0 });
        Assert.CatchAsync<TixalloRateLimitException>(() => once.Tickets.GetAsync("tkt_0"));

        var calls = new[] { once.Tickets.GetAsync("tkt_1"), once.Tickets.GetAsync("tkt_2") };
        await Clock.WhenSleepCountIs(2);
        Clock.Advance(TimeSpan.FromSeconds(10));
        await Task.WhenAll(calls).ContinueWith(_ => { }, TaskScheduler.Default).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(calls.Count(c => c.IsFaulted && c.Exception!.InnerException is TixalloConnectionException), Is.EqualTo(1));
        Assert.That(calls.Count(c => c.IsCompletedSuccessfully), Is.EqualTo(1));
        Assert.That(Stub.RequestCount, Is.EqualTo(3));
    }

    [Test]
    public async Task WaitingForAHoldOrForTheProbe_EndsAtTheCallersCancellation_OrAtTheCallsDeadline()
    {
        var probeAnswer = HoldForTenSecondsWithTheProbesAnswerPending();
        using var duringHold = new CancellationTokenSource();
        using var duringProbe = new CancellationTokenSource();

        var cancelledInHold = Client.Tickets.GetAsync("tkt_1", duringHold.Token);
        var probe = Client.Tickets.GetAsync("tkt_1");
        await Clock.WhenSleepCountIs(2);
        await duringHold.CancelAsync();
        Assert.CatchAsync<OperationCanceledException>(() => cancelledInHold.WaitAsync(TimeSpan.FromSeconds(10)));

        Clock.Advance(TimeSpan.FromSeconds(10));
        await Eventually.That(() => Stub.RequestCount == 2, "the probe is sent");
        var cancelledWaiting = Client.Tickets.GetAsync("tkt_1", duringProbe.Token);
        var outOfTime = Client.WithOptions(new TixalloRequestOptions { TotalTimeout = TimeSpan.FromSeconds(15), AttemptTimeout = TimeSpan.FromSeconds(15) }).Tickets.GetAsync("tkt_1");
        await Eventually.That(() => Clock.PendingTimeouts == 3, "two calls wait for the probe, the probe for its answer");
        await duringProbe.CancelAsync();
        Assert.CatchAsync<OperationCanceledException>(() => cancelledWaiting.WaitAsync(TimeSpan.FromSeconds(10)));
        Clock.Advance(TimeSpan.FromSeconds(15));
        var refused = Assert.CatchAsync<TixalloRateLimitException>(() => outOfTime.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.That(refused!.IsClientSide, Is.True);
        Assert.That(refused.Message, Does.Contain("time ran out"));
        probeAnswer.SetResult(StubHandler.Json(HttpStatusCode.OK, Payloads.Ticket()));
        await probe.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(Stub.RequestCount, Is.EqualTo(2));
    }

    [Test]
    public async Task AHoldLongerThanACallsTimeLeft_ButWithinMaxRetryAfter_RefusesItAtOnce_WithoutSending()
    {
        Stub.Respond(HttpStatusCode.TooManyRequests, KeyLimited, r => r.Headers.TryAddWithoutValidation("Retry-After", "30"))
            .Respond(HttpStatusCode.OK, Payloads.Ticket());
        Assert.CatchAsync<TixalloRateLimitException>(() => Client.WithOptions(new TixalloRequestOptions { MaxRetries = 0 }).Tickets.GetAsync("tkt_0"));
        var shortCall = Client.WithOptions(new TixalloRequestOptions { TotalTimeout = TimeSpan.FromSeconds(10), AttemptTimeout = TimeSpan.FromSeconds(10) });

        var refused = Assert.CatchAsync<TixalloRateLimitException>(() => shortCall.Tickets.GetAsync("tkt_1").WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Multiple(() =>
        {
            Assert.That(refused!.IsClientSide, Is.True);
            Assert.That(refused.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(30)), "what is left of the hold");
            Assert.That(refused.Scope, Is.EqualTo(TixalloRateLimitScope.ApiKey));
            Assert.That(refused.Attempts, Is.EqualTo(0), "no attempt was sent");
            Assert.That(refused.Message, Does.Contain("longer than this call may wait"));
            Assert.That(Stub.RequestCount, Is.EqualTo(1), "nothing was sent");
            Assert.That(Clock.Sleeps, Is.Empty, "nothing was waited");
        });
        var patient = Client.Tickets.GetAsync("tkt_2");
        Assert.That((await Clock.NextSleepAsync().WaitAsync(TimeSpan.FromSeconds(10))).Duration, Is.EqualTo(TimeSpan.FromSeconds(30)), "a call with time enough waits the hold");
        Clock.Advance(TimeSpan.FromSeconds(30));
        await patient.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Test]
    public async Task WithJitter_AHeldCall_WaitsTheWholeHoldAndAtMostATenthMore()
    {
        using var client = TestClients.Create(Stub, Clock, o => o.Retry.UseJitter = true);
        Stub.Respond(HttpStatusCode.TooManyRequests, KeyLimited, r => r.Headers.TryAddWithoutValidation("Retry-After", "5"))
            .Respond(HttpStatusCode.OK, Payloads.Ticket());
        Assert.CatchAsync<TixalloRateLimitException>(() => client.WithOptions(new TixalloRequestOptions { MaxRetries = 0 }).Tickets.GetAsync("tkt_0"));

        var held = client.Tickets.GetAsync("tkt_1");
        var hold = await Clock.NextSleepAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Clock.Advance(hold.Duration);
        await held.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(hold.Duration, Is.InRange(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5.5)));
    }

    /// <summary>A 429 with <c>Retry-After: 10</c> to a call that then fails; the next request (the probe) waits for the answer returned; 200s after it.</summary>
    private TaskCompletionSource<HttpResponseMessage> HoldForTenSecondsWithTheProbesAnswerPending()
    {
        var probeAnswer = new TaskCompletionSource<HttpResponseMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        Stub.Respond(HttpStatusCode.TooManyRequests, KeyLimited, r => r.Headers.TryAddWithoutValidation("Retry-After", "10"))
            .Respond((_, _) => probeAnswer.Task)
            .Respond(HttpStatusCode.OK, Payloads.Ticket());
        Assert.CatchAsync<TixalloRateLimitException>(() => Client.WithOptions(new TixalloRequestOptions { MaxRetries = 0 }).Tickets.GetAsync("tkt_0"));
        return probeAnswer;
    }
}
