using Tixallo.Client.Http;
using Tixallo.Client.Platform;
#if NET
using Microsoft.Extensions.ObjectPool;
#endif

namespace Tixallo.Client.Resilience;

/// <summary>
/// The attempt timeout of a call: each attempt's limit, from the call's settings and its time left, and the timer that
/// ends the attempt when it passes. The resilience handler arms one around every attempt itself, not through Polly's
/// timeout strategy, because a call's first attempt runs ahead of the Polly pipeline (<see cref="ResilienceHandler"/>).
/// An attempt that runs out ends in Polly's <see cref="Polly.Timeout.TimeoutRejectedException"/>, as before.
/// </summary>
internal sealed class AttemptTimeouts(TimeProvider timeProvider)
{
#if NET
    // On the system clock the sources are reused once reset (TryReset, .NET 6 and later), as Polly's timeout strategy
    // pools its own: an attempt then costs two timer-queue updates and no allocation.
    // Stryker disable once Conditional : without the pool each attempt gets a new timer, which behaves the same
    private readonly ObjectPool<CancellationTokenSource>? _pool =
        ReferenceEquals(timeProvider, TimeProvider.System) ? new DefaultObjectPool<CancellationTokenSource>(new DefaultPooledObjectPolicy<CancellationTokenSource>()) : null;
#endif

    /// <summary>
    /// The attempt's timeout: the call's attempt timeout, cut to what is left of its total (at least a tick: a call
    /// whose time is up ends at once). An attempt that sends the caller's stream is bounded by what is left only: its
    /// attempt timeout is silence, which the resilience handler times itself.
    /// </summary>
    private TimeSpan For(TixalloRequest request)
    {
        var left = request.TimeLeft(timeProvider);
        // Stryker disable once Equality : when the attempt timeout equals the time left, either is the same value
        return CallDeadline.AtLeastATick(request.Body is null && request.AttemptTimeout < left ? request.AttemptTimeout : left);
    }

    /// <summary>
    /// A timer for the next attempt of <paramref name="request"/>: it cancels its token when the attempt's timeout has
    /// passed, or when <paramref name="cancellationToken"/> is cancelled. A request whose answer outlives the attempt
    /// (a download's body, read later by the caller) gets a timer of its own, never one that is reused.
    /// </summary>
    public AttemptTimer Start(TixalloRequest request, CancellationToken cancellationToken)
    {
        var timeout = For(request);
#if NET
        var pool = _pool;
        // Stryker disable once Boolean : negated, every attempt gets a new timer, downloads included, which behaves the same
        if (request.StreamsResponse)
        {
            pool = null;
        }

        CancellationTokenSource source;
        if (pool is not null)
        {
            source = pool.Get();
            source.CancelAfter(timeout);
        }
        else
        {
            source = Timers.CancelAfter(timeout, timeProvider);
        }
#else
        var source = Timers.CancelAfter(timeout, timeProvider);
#endif
        // A token that cannot be cancelled hands back an empty registration.
        var registration = cancellationToken.Register(static state => ((CancellationTokenSource)state!).Cancel(), source);
#if NET
        return new AttemptTimer(source, registration, timeout, pool);
#else
        return new AttemptTimer(source, registration, timeout);
#endif
    }

    /// <summary>One attempt's timer: its token goes to the handlers below; disposing it stops the timer.</summary>
    internal readonly struct AttemptTimer : IDisposable
    {
        private readonly CancellationTokenSource _source;
        private readonly CancellationTokenRegistration _registration;
#if NET
        private readonly ObjectPool<CancellationTokenSource>? _pool;

        public AttemptTimer(CancellationTokenSource source, CancellationTokenRegistration registration, TimeSpan timeout, ObjectPool<CancellationTokenSource>? pool)
        {
            _source = source;
            _registration = registration;
            Timeout = timeout;
            _pool = pool;
        }
#else
        public AttemptTimer(CancellationTokenSource source, CancellationTokenRegistration registration, TimeSpan timeout)
        {
            _source = source;
            _registration = registration;
            Timeout = timeout;
        }
#endif

        /// <summary>Cancelled when the attempt's time is up or the caller cancels.</summary>
        public CancellationToken Token => _source.Token;

        /// <summary>The attempt's timeout.</summary>
        public TimeSpan Timeout { get; }

        /// <summary>True when the attempt's time ran out: the timer fired and the caller did not cancel.</summary>
        public bool HasExpired(CancellationToken cancellationToken) => _source.IsCancellationRequested && !cancellationToken.IsCancellationRequested;

        public void Dispose()
        {
            // The registration first: once it is gone, the caller's cancellation can no longer reach a source that is reused.
            _registration.Dispose();
#if NET
            // A source whose timer fired cannot be reset: it is disposed instead.
            if (_pool is not null && _source.TryReset())
            {
                // Stryker disable once Statement : a source not given back is collected, and the pool makes another
                _pool.Return(_source);
                return;
            }
#endif
            _source.Dispose();
        }
    }
}
