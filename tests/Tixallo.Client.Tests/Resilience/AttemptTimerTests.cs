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
        Assert.That(error.InnerException, Is.InstanceOf<Polly.Timeout.TimeoutRejectedException>());
        Assert.That(error.InnerException!.Message, Does.Contain("attempt").And.Contain("00:00:01"), "says which limit ran out");
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

    [Test]
    public async Task ADownloadsBody_ReadAfterItsAttempt_IsNotCutWhenALaterCallTimesOut()
    {
        // A body bound to the token its request was sent with, as an HTTP/2 stream's is: it must not share that token's
        // timer with a later attempt, which is what reusing the download's timer would do.
        using var client = SystemClockClient(maxRetries: 0);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Stub.Respond((_, token) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new BoundBody(release.Task, token)) }))
            .Hang();

        await using var download = await client.Attachments.DownloadAsync("att_1");
        Assert.ThrowsAsync<TixalloTimeoutException>(() => client.Tickets.GetAsync("tkt_1"), "a later call whose attempt timer fires");
        release.SetResult();
        using var reader = new StreamReader(download);

        Assert.That(await reader.ReadToEndAsync(), Is.EqualTo("file"));
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

    /// <summary>A body that answers once released, and fails once the token its request was sent with is cancelled.</summary>
    private sealed class BoundBody(Task released, CancellationToken sentWith) : Stream
    {
        private bool _done;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_done)
            {
                return 0;
            }

            await released.WaitAsync(sentWith);
            sentWith.ThrowIfCancellationRequested();
            _done = true;
            "file"u8.CopyTo(buffer.Span);
            return 4;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
