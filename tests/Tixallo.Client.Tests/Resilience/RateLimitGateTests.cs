using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Tixallo.Client.Http;
using Tixallo.Client.Resilience;
using Tixallo.Client.Tests.Support;

namespace Tixallo.Client.Tests.Resilience;

/// <summary>The gate's holds by lane: which budgets a 429 holds, for how long, and what a later 429 changes.</summary>
public class RateLimitGateTests
{
    private static readonly TimeSpan MaxHold = TimeSpan.FromSeconds(60);
    private TestClock _clock = null!;
    private FakeLogger _logger = null!;

    [SetUp]
    public void SetUp()
    {
        _clock = new TestClock();
        _logger = new FakeLogger();
    }

    [Test]
    public void AShorterLater429_DoesNotShortenAHold_ALongerOneLengthensIt()
    {
        var gate = Gate();

        gate.Hold(TixalloRateLimitScope.ApiKey, TimeSpan.FromSeconds(30), "tickets.get", "c1");
        gate.Hold(TixalloRateLimitScope.Ip, TimeSpan.FromSeconds(5), "tickets.get", "c2");

        Assert.That(gate.HoldLeft(RateBudget.Calls), Is.EqualTo((TimeSpan.FromSeconds(30), (TixalloRateLimitScope?)TixalloRateLimitScope.ApiKey)), "the longer hold and its scope stay");
        gate.Hold(TixalloRateLimitScope.Ip, TimeSpan.FromSeconds(45), "tickets.get", "c3");
        Assert.That(gate.HoldLeft(RateBudget.Calls), Is.EqualTo((TimeSpan.FromSeconds(45), (TixalloRateLimitScope?)TixalloRateLimitScope.Ip)));
        Assert.That(_logger.Collector.GetSnapshot().Select(r => r.GetStructuredStateValue("CorrelationId")), Is.EqualTo(new[] { "c1", "c3" }), "a hold that changes nothing is not logged");
    }

    [Test]
    public void AHold_IsCutToMaxHold_AndTheLogSaysWhatWasAsked()
    {
        var gate = Gate();

        gate.Hold(TixalloRateLimitScope.ApiKey, TimeSpan.FromHours(1), "tickets.get", "c1");

        Assert.That(gate.HoldLeft(RateBudget.Calls).Left, Is.EqualTo(MaxHold));
        var line = _logger.Collector.GetSnapshot().Single();
        Assert.That(line.Level, Is.EqualTo(LogLevel.Warning));
        Assert.That((line.GetStructuredStateValue("WaitMs"), line.GetStructuredStateValue("AskedMs")), Is.EqualTo(("60000", "3600000")));
    }

    [Test]
    public void AHold_RunsDownWithTheClock_AndIsOverAtItsEnd()
    {
        var gate = Gate();
        gate.Hold(TixalloRateLimitScope.ApiKey, TimeSpan.FromSeconds(10), "tickets.get", "c1");

        _clock.Advance(TimeSpan.FromSeconds(4));
        Assert.That(gate.HoldLeft(RateBudget.Calls).Left, Is.EqualTo(TimeSpan.FromSeconds(6)));
        _clock.Advance(TimeSpan.FromSeconds(6));

        Assert.That(gate.HoldLeft(RateBudget.Calls), Is.EqualTo((TimeSpan.Zero, (TixalloRateLimitScope?)null)));
        Assert.That(gate.IsQuiet(RateBudget.Calls), Is.False, "over, but not answered yet: the next attempt probes");
    }

    [Test]
    public void AnUploadHold_HoldsUploadsOnly_AKeyHoldHoldsEveryBudget()
    {
        var gate = Gate();

        gate.Hold(TixalloRateLimitScope.AttachmentUpload, TimeSpan.FromSeconds(20), "attachments.upload", "c1");

        Assert.Multiple(() =>
        {
            Assert.That(gate.HoldLeft(RateBudget.Uploads), Is.EqualTo((TimeSpan.FromSeconds(20), (TixalloRateLimitScope?)TixalloRateLimitScope.AttachmentUpload)));
            Assert.That(gate.HoldLeft(RateBudget.Downloads).Scope, Is.Null);
            Assert.That(gate.HoldLeft(RateBudget.Calls).Scope, Is.Null);
            Assert.That(gate.IsQuiet(RateBudget.Calls), Is.True);
            Assert.That(gate.IsQuiet(RateBudget.Downloads), Is.True);
            Assert.That(gate.IsQuiet(RateBudget.Uploads), Is.False);
        });

        gate.Hold(TixalloRateLimitScope.ApiKey, TimeSpan.FromSeconds(5), "tickets.get", "c2");
        Assert.That(gate.HoldLeft(RateBudget.Downloads), Is.EqualTo((TimeSpan.FromSeconds(5), (TixalloRateLimitScope?)TixalloRateLimitScope.ApiKey)));
        Assert.That(gate.HoldLeft(RateBudget.Uploads).Left, Is.EqualTo(TimeSpan.FromSeconds(20)), "the longer of the two holds on an upload");
    }

    [Test]
    public void ADownloadHold_HoldsDownloadsOnly()
    {
        var gate = Gate();

        gate.Hold(TixalloRateLimitScope.AttachmentDownload, TimeSpan.FromSeconds(20), "attachments.download", "c1");

        Assert.That(gate.HoldLeft(RateBudget.Downloads).Left, Is.EqualTo(TimeSpan.FromSeconds(20)));
        Assert.That(gate.IsQuiet(RateBudget.Uploads), Is.True);
        Assert.That(gate.IsQuiet(RateBudget.Calls), Is.True);
    }

    [Test]
    public void AnUnknownScope_HoldsEveryCall()
    {
        var gate = Gate();

        gate.Hold(TixalloRateLimitScope.Unknown, TimeSpan.FromSeconds(3), "tickets.get", "c1");

        Assert.That(gate.HoldLeft(RateBudget.Uploads), Is.EqualTo((TimeSpan.FromSeconds(3), (TixalloRateLimitScope?)TixalloRateLimitScope.Unknown)));
    }

    [Test]
    public void EqualHolds_KeepTheFirstScope_AndTheCallsLaneWinsATie()
    {
        var gate = Gate();

        gate.Hold(TixalloRateLimitScope.ApiKey, TimeSpan.FromSeconds(20), "tickets.get", "c1");
        gate.Hold(TixalloRateLimitScope.Ip, TimeSpan.FromSeconds(20), "tickets.get", "c2");
        gate.Hold(TixalloRateLimitScope.AttachmentUpload, TimeSpan.FromSeconds(20), "attachments.upload", "c3");

        Assert.That(gate.HoldLeft(RateBudget.Calls).Scope, Is.EqualTo(TixalloRateLimitScope.ApiKey), "an equal hold changes nothing");
        Assert.That(gate.HoldLeft(RateBudget.Uploads).Scope, Is.EqualTo(TixalloRateLimitScope.ApiKey), "at a tie, the key's hold is the one named");
    }

    [TestCase(200, true)]
    [TestCase(404, true)]
    [TestCase(503, true)]
    [TestCase(429, false)]
    [TestCase(null, false)]
    public async Task AfterAHold_TheProbesAnswer_EndsItUnlessItIsA429OrNone(int? status, bool ends)
    {
        var gate = Gate();
        gate.Hold(TixalloRateLimitScope.ApiKey, TimeSpan.FromSeconds(5), "tickets.get", "c1");
        _clock.Advance(TimeSpan.FromSeconds(5));

        var (refused, probe) = await gate.AdmitAsync(Request(), _ => TimeSpan.Zero, CancellationToken.None);
        using var answer = status is { } code ? new HttpResponseMessage((System.Net.HttpStatusCode)code) : null;
        probe!.Report(answer);

        Assert.That(refused, Is.Null);
        Assert.That(probe.Answered.IsCompleted, Is.True, "the waiters are released either way");
        Assert.That(gate.IsQuiet(RateBudget.Calls), Is.EqualTo(ends));
    }

    [Test]
    public async Task AProbeAnsweredAfterANewerHold_DoesNotEndIt_AndASecondReportChangesNothing()
    {
        var gate = Gate();
        gate.Hold(TixalloRateLimitScope.ApiKey, TimeSpan.FromSeconds(5), "tickets.get", "c1");
        _clock.Advance(TimeSpan.FromSeconds(5));
        var (_, probe) = await gate.AdmitAsync(Request(), _ => TimeSpan.Zero, CancellationToken.None);

        gate.Hold(TixalloRateLimitScope.ApiKey, TimeSpan.FromSeconds(5), "tickets.get", "c2");
        _clock.Advance(TimeSpan.FromSeconds(5));
        using var ok = new HttpResponseMessage(System.Net.HttpStatusCode.OK);
        probe!.Report(ok);

        Assert.That(gate.IsQuiet(RateBudget.Calls), Is.False, "the newer hold still needs its own probe");
        var (_, next) = await gate.AdmitAsync(Request(), _ => TimeSpan.Zero, CancellationToken.None);
        Assert.That(next, Is.Not.Null.And.Not.SameAs(probe), "the next attempt is the new probe");
        probe.Report(ok);
        Assert.That(gate.IsQuiet(RateBudget.Calls), Is.False, "a report from a probe no longer in flight does nothing");
        var third = gate.AdmitAsync(Request(), _ => TimeSpan.Zero, CancellationToken.None).AsTask();
        Assert.That(third.IsCompleted, Is.False, "the probe in flight is still the one the others wait for");
        next!.Report(ok);
        Assert.That(gate.IsQuiet(RateBudget.Calls), Is.True);
        Assert.That((await third.WaitAsync(TimeSpan.FromSeconds(10))).Probe, Is.Null);
    }

    [Test]
    public async Task WhileAProbeIsOut_OthersWaitForItsAnswer_ThenGoWithoutProbing()
    {
        var gate = Gate();
        gate.Hold(TixalloRateLimitScope.ApiKey, TimeSpan.FromSeconds(5), "tickets.get", "c1");
        _clock.Advance(TimeSpan.FromSeconds(5));
        var (_, probe) = await gate.AdmitAsync(Request(), _ => TimeSpan.Zero, CancellationToken.None);

        var waiting = gate.AdmitAsync(Request(), _ => TimeSpan.Zero, CancellationToken.None).AsTask();
        Assert.That(waiting.IsCompleted, Is.False, "it waits for the probe's answer");
        using var ok = new HttpResponseMessage(System.Net.HttpStatusCode.OK);
        probe!.Report(ok);
        var (refused, second) = await waiting.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That((refused, second), Is.EqualTo(((TixalloRateLimitException?)null, (RateLimitGate.Probe?)null)));
    }

    [Test]
    public async Task AHeldAttempt_WaitsTheHoldPlusItsJitter()
    {
        var gate = Gate();
        gate.Hold(TixalloRateLimitScope.ApiKey, TimeSpan.FromSeconds(5), "tickets.get", "c1");

        var admitted = gate.AdmitAsync(Request(), hold => hold / 10, CancellationToken.None).AsTask();
        var wait = await _clock.NextSleepAsync().WaitAsync(TimeSpan.FromSeconds(10));
        _clock.Advance(wait.Duration);
        var (_, probe) = await admitted.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(wait.Duration, Is.EqualTo(TimeSpan.FromSeconds(5.5)));
        Assert.That(probe, Is.Not.Null, "after the hold, the first attempt probes");
    }

    private RateLimitGate Gate() => new(_clock, limiter: null, MaxHold, _logger);

    private TixalloRequest Request() =>
        new("tickets.get", HttpMethod.Get, new Uri("https://api.test.tixallo.com/v1/tickets/tkt_1"), "c", new CallLimits(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), 4, 1024 * 1024))
        {
            StartTimestamp = _clock.GetTimestamp(),
        };
}
