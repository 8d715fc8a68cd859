using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Tixallo.Client.Diagnostics;
using Tixallo.Client.Errors;
using Tixallo.Client.Http;
using Tixallo.Client.Platform;

namespace Tixallo.Client.Resilience;

/// <summary>
/// One client's share of the API's rate budget, shared by all its calls and views (and, under DI, by every handler
/// the factory builds): the hold a 429 puts on the client, and the optional <see cref="RateLimiter"/> each attempt
/// takes a permit from. A 429 for the key or the IP holds every call; an attachment 429 holds only its kind of
/// transfer (<see cref="RateBudget"/>).
/// </summary>
/// <remarks>
/// A hold never lasts longer than <see cref="TixalloRetryOptions.MaxRetryAfter"/>, whatever the server asked: one
/// header cannot shut the client for a day. When a hold is over, one attempt (the probe) goes first and the others
/// wait for its answer: any answer but a 429 releases them; a 429 holds them again (within what each may wait); an
/// attempt that ends with no answer hands the probe to the next waiter. A still-limited server sees one request, not
/// the whole queue. Until the first 429, and again once a probe has been answered, the gate costs one field read.
/// </remarks>
internal sealed class RateLimitGate(TimeProvider timeProvider, RateLimiter? limiter, TimeSpan maxHold, ILogger logger)
{
    private readonly Lane _calls = new(TixalloRateLimitScope.ApiKey);
    private readonly Lane _uploads = new(TixalloRateLimitScope.AttachmentUpload);
    private readonly Lane _downloads = new(TixalloRateLimitScope.AttachmentDownload);

    public RateLimiter? Limiter => limiter;

    /// <summary>True when nothing holds or probes <paramref name="budget"/>: attempts go straight on.</summary>
    public bool IsQuiet(RateBudget budget) => !_calls.IsActive && TransferLane(budget) is not { IsActive: true };

    /// <summary>How long attempts of <paramref name="budget"/> are held still, and by which limit; no scope when not held.</summary>
    public (TimeSpan Left, TixalloRateLimitScope? Scope) HoldLeft(RateBudget budget)
    {
        if (IsQuiet(budget))
        {
            return (TimeSpan.Zero, null);
        }

        var now = timeProvider.GetUtcNow().UtcTicks;
        var lane = TransferLane(budget) is { } transfer && transfer.HoldUntil > _calls.HoldUntil ? transfer : _calls;
        var until = lane.HoldUntil;
        return until > now ? (TimeSpan.FromTicks(until - now), lane.Scope) : (TimeSpan.Zero, null);
    }

    /// <summary>
    /// Lets an attempt of <paramref name="request"/> go: waits out the holds on its budget (plus a positive
    /// <paramref name="jitter"/>), then, after a hold, the probe's answer, or becomes the probe. Returns the client-side
    /// refusal to fail the attempt with when the call cannot wait that long (what is left of its total timeout), else
    /// the probe the attempt must report to, if it is one.
    /// </summary>
    public async ValueTask<(TixalloRateLimitException? Refused, Probe? Probe)> AdmitAsync(TixalloRequest request, Func<TimeSpan, TimeSpan> jitter, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (hold, heldBy) = HoldLeft(request.Budget);
            if (heldBy is { } scope)
            {
                var allowed = Min(maxHold, request.TimeLeft(timeProvider));
                if (hold > allowed)
                {
                    return (Failures.RefusedClientSide(request, hold, scope, $"The client is holding {request.Operation} calls for another {hold} after a 429, longer than this call may wait ({allowed})."), null);
                }

                var started = timeProvider.GetTimestamp();
                await Timers.Delay(Min(hold + jitter(hold), allowed), timeProvider, cancellationToken).ConfigureAwait(false);
                TixalloTelemetry.RecordRateLimitWait(request.Operation, timeProvider.GetElapsedTime(started));
                // Stryker disable once Statement : without it the probe's check below sees the hold too and comes back here
                continue;
            }

            if (LaneToProbe(request.Budget) is not { } lane)
            {
                return (null, null);
            }

            Task answered;
            lock (lane)
            {
                // Stryker disable once Logical,Statement,Block : guards the race of an answer or a new hold between the lock-free reads above and this lock, which no test can order
                if (!lane.IsActive || lane.HoldUntil > timeProvider.GetUtcNow().UtcTicks)
                {
                    continue; // answered, or held again, meanwhile
                }

                if (lane.InFlight is not { } probe)
                {
                    lane.InFlight = new Probe(lane);
                    return (null, lane.InFlight);
                }

                answered = probe.Answered;
            }

            if (await WaitForProbeAsync(answered, request, lane.Scope, cancellationToken).ConfigureAwait(false) is { } refused)
            {
                return (refused, null);
            }
        }
    }

    /// <summary>
    /// Holds the calls <paramref name="scope"/> covers for <paramref name="wait"/> from now, cut to the longest hold
    /// (a later hold is kept); when it is over, a probe goes first.
    /// </summary>
    public void Hold(TixalloRateLimitScope scope, TimeSpan wait, string operation, string correlationId)
    {
        var held = Min(wait, maxHold);
        var until = timeProvider.GetUtcNow().UtcTicks + held.Ticks;
        var lane = scope switch
        {
            TixalloRateLimitScope.AttachmentUpload => _uploads,
            TixalloRateLimitScope.AttachmentDownload => _downloads,
            _ => _calls,
        };
        bool longer;
        lock (lane)
        {
            longer = until > lane.HoldUntil;
            if (longer)
            {
                lane.HoldUntil = until;
                lane.Scope = scope;
            }

            // Stryker disable once Update : any change of the generation tells a probe under way that its answer is stale
            lane.Generation++;
            lane.IsActive = true;
        }

        if (longer && logger.IsEnabled(LogLevel.Warning))
        {
            Log.HoldingCalls(logger, (long)Math.Round(held.TotalMilliseconds), scope, (long)Math.Round(wait.TotalMilliseconds), operation, correlationId);
        }
    }

    // Stryker disable once Equality : at a tie, either is the minimum
    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private async Task<TixalloRateLimitException?> WaitForProbeAsync(Task answered, TixalloRequest request, TixalloRateLimitScope scope, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        using (var deadline = new CallDeadline(request, timeProvider, cancellationToken))
        {
            try
            {
                await answered.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return Failures.RefusedClientSide(request, null, scope, $"The call's time ran out ({request.TotalTimeout}) while the client waited for its first request after a 429 hold to tell whether the limit has reset.");
            }
        }

        TixalloTelemetry.RecordRateLimitWait(request.Operation, timeProvider.GetElapsedTime(started));
        return null;
    }

    private Lane? TransferLane(RateBudget budget) => budget switch
    {
        RateBudget.Uploads => _uploads,
        RateBudget.Downloads => _downloads,
        _ => null,
    };

    /// <summary>The lane whose hold is over but not yet answered by a probe: the calls' first, then the transfer's.</summary>
    private Lane? LaneToProbe(RateBudget budget) =>
        _calls.IsActive ? _calls : TransferLane(budget) is { IsActive: true } transfer ? transfer : null;

    /// <summary>The attempt that goes first after a hold; it reports its outcome, which releases the others.</summary>
    internal sealed class Probe(Lane lane)
    {
        private readonly TaskCompletionSource _answered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly int _generation = lane.Generation;

        public Task Answered => _answered.Task;

        /// <summary>
        /// Reports the probe's outcome: <paramref name="response"/> is its answer, null when it ended without one (a
        /// failure, a cancellation, a refused permit). Only an answer other than a 429, to a lane not held again since
        /// the probe started, ends the lane's hold for good. Later calls do nothing.
        /// </summary>
        public void Report(HttpResponseMessage? response)
        {
            lock (lane)
            {
                if (!ReferenceEquals(lane.InFlight, this))
                {
                    return;
                }

                lane.InFlight = null;
                if (response is not null && response.StatusCode != HttpNames.TooManyRequests && lane.Generation == _generation)
                {
                    lane.IsActive = false;
                }
            }

            _answered.TrySetResult();
        }
    }

    /// <summary>One budget's hold and probe; written under its own lock, read without.</summary>
    internal sealed class Lane(TixalloRateLimitScope scope)
    {
        private long _holdUntil;
        private volatile bool _isActive;
        private volatile TixalloRateLimitScope _scope = scope;

        /// <summary>When the hold ends, in UTC ticks of the client's clock.</summary>
        public long HoldUntil
        {
            get => Volatile.Read(ref _holdUntil);
            set => Volatile.Write(ref _holdUntil, value);
        }

        /// <summary>The limit the last hold came from.</summary>
        public TixalloRateLimitScope Scope
        {
            get => _scope;
            set => _scope = value;
        }

        /// <summary>True from a hold until a probe's answer that is not a 429.</summary>
        public bool IsActive
        {
            get => _isActive;
            set => _isActive = value;
        }

        /// <summary>Counts holds, so that a probe answered after a newer hold does not end that one.</summary>
        public int Generation { get; set; }

        /// <summary>The probe under way, if any.</summary>
        public Probe? InFlight { get; set; }
    }
}
