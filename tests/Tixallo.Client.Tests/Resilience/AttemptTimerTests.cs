using System.Net;
using Tixallo.Client.Tests.Support;

namespace Tixallo.Client.Tests.Resilience;

/// <summary>
/// The attempt timers on the system clock, where the client reuses them once reset (a fake clock gets a new one per
/// attempt, so the other tests never reach the pool). Outcomes only: no timing is asserted.
/// </summary>
public class AttemptTimerTests : StubbedClientTest
{
    [Test]
    public async Task ATimerGivenBackByACallInTime_StillTimesOutTheNextAttempt_AndTheRetryAfterItGetsAFreshOne()
    {
        using var client = SystemClockClient(maxRetries: 1);
        Stub.Respond(HttpStatusCode.OK, Payloads.Ticket()) // in time: its timer goes back to the pool
            .Hang()                                          // times out on a reused timer
            .Respond(HttpStatusCode.OK, Payloads.Ticket());  // a timer that fired is not reused: this one is fresh

        await client.Tickets.GetAsync("tkt_1");
        var ticket = await client.Tickets.GetAsync("tkt_1");

        Assert.That(ticket.Id, Is.EqualTo("tkt_1"));
        Assert.That(Stub.Requests, Has.Count.EqualTo(3));
    }

    [Test]
    public async Task AnAttemptThatHangs_OnAReusedTimer_EndsInATimeout_NotAHang()
    {
        using var client = SystemClockClient(maxRetries: 0);
        Stub.Respond(HttpStatusCode.OK, Payloads.Ticket()).Hang();

        await client.Tickets.GetAsync("tkt_1");
        var error = Assert.ThrowsAsync<TixalloTimeoutException>(() => client.Tickets.GetAsync("tkt_1"));

        Assert.That(error!.Attempts, Is.EqualTo(1));
    }

    [Test]
    public async Task TheCallersCancellation_ReachesAnAttemptOnAPooledTimer_AndLeavesNothingBehindForTheNextCall()
    {
        using var client = SystemClockClient(maxRetries: 0, attemptTimeout: TimeSpan.FromSeconds(100));
        using var cancellation = new CancellationTokenSource();
        Stub.Hang().Respond(HttpStatusCode.OK, Payloads.Ticket());

        var call = client.Tickets.GetAsync("tkt_1", cancellation.Token);
        await Eventually.That(() => Stub.RequestCount == 1, "the first attempt under way");
        await cancellation.CancelAsync();
        var error = Assert.CatchAsync<OperationCanceledException>(() => call);
        var next = await client.Tickets.GetAsync("tkt_1");

        Assert.That(error!.CancellationToken, Is.EqualTo(cancellation.Token), "the caller's cancellation, not a timeout");
        Assert.That(next.Id, Is.EqualTo("tkt_1"), "the cancelled source is not handed to the next attempt");
    }

    private TixalloClient SystemClockClient(int maxRetries, TimeSpan? attemptTimeout = null) => new(
        TestClients.Options(configure: o =>
        {
            o.TimeProvider = TimeProvider.System;
            o.AttemptTimeout = attemptTimeout ?? TimeSpan.FromSeconds(1); // an answer at hand comes well within it, even on a busy machine
            o.Retry.MaxRetries = maxRetries;
            o.Retry.BaseDelay = TimeSpan.FromMilliseconds(1);
        }),
        Stub);
}
