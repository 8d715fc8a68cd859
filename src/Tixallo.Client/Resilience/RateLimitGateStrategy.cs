using System.Threading.RateLimiting;
using Polly;
using Tixallo.Client.Diagnostics;
using Tixallo.Client.Http;

namespace Tixallo.Client.Resilience;

/// <summary>
/// The Polly strategy between the retry and the attempt timeout when the client has a <see cref="RateLimiter"/>: before
/// each attempt it waits out the client's hold and takes a permit, within what the call may wait
/// (<see cref="TixalloRetryOptions.MaxRetryAfter"/> and what is left of its total timeout), and holds the permit until
/// the attempt ends; beyond that it refuses the attempt with a client-side <see cref="TixalloRateLimitException"/>,
/// sending nothing. The attempt timeout starts after the wait. A permit that is there at once costs no wait machinery.
/// </summary>
internal sealed class RateLimitGateStrategy(
    RateLimitGate gate,
    RateLimiter limiter,
    TimeProvider timeProvider,
    TimeSpan maxRetryAfter,
    Func<TimeSpan, TimeSpan> jitter,
    ResiliencePropertyKey<TixalloRequest> requestKey) : ResilienceStrategy<HttpResponseMessage>
{
    protected override ValueTask<Outcome<HttpResponseMessage>> ExecuteCore<TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback,
        ResilienceContext context,
        TState state)
    {
        var request = context.Properties.GetValue(requestKey, null!);
        if (!gate.IsHolding(request.Operation))
        {
            var lease = limiter.AttemptAcquire(1);
            if (lease.IsAcquired)
            {
                return WithLeaseAsync(callback, context, state, lease);
            }

            lease.Dispose();
        }

        return WaitForPermitAsync(callback, context, state, request);
    }

    private static async ValueTask<Outcome<HttpResponseMessage>> WithLeaseAsync<TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback,
        ResilienceContext context,
        TState state,
        RateLimitLease lease)
    {
        using (lease)
        {
            return await callback(context, state).ConfigureAwait(false);
        }
    }

    private async ValueTask<Outcome<HttpResponseMessage>> WaitForPermitAsync<TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback,
        ResilienceContext context,
        TState state,
        TixalloRequest request)
    {
        if (await gate.WaitOutHoldAsync(request, maxRetryAfter, jitter, context.CancellationToken).ConfigureAwait(false) is { } refused)
        {
            return Outcome.FromException<HttpResponseMessage>(refused);
        }

        var started = timeProvider.GetTimestamp();
        var left = request.TimeLeft(timeProvider);
        RateLimitLease lease;
        using (var deadline = new CancellationTokenSource(left > TimeSpan.Zero ? left : TimeSpan.FromTicks(1), timeProvider))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, deadline.Token))
        {
            try
            {
                lease = await limiter.AcquireAsync(1, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!context.CancellationToken.IsCancellationRequested)
            {
                return Outcome.FromException<HttpResponseMessage>(RateLimitGate.Refusal(
                    request, null, TixalloRateLimitScope.Unknown, $"The rate limiter gave no permit before the call's time ran out ({request.TotalTimeout})."));
            }
        }

        if (!lease.IsAcquired)
        {
            var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : (TimeSpan?)null;
            lease.Dispose();
            return Outcome.FromException<HttpResponseMessage>(RateLimitGate.Refusal(request, retryAfter, TixalloRateLimitScope.Unknown, "The rate limiter refused a permit (its queue is full)."));
        }

        TixalloTelemetry.RecordRateLimitWait(request.Operation, timeProvider.GetElapsedTime(started));
        return await WithLeaseAsync(callback, context, state, lease).ConfigureAwait(false);
    }
}
