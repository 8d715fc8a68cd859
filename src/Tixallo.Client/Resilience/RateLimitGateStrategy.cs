using System.Net;
using System.Threading.RateLimiting;
using Polly;
using Tixallo.Client.Diagnostics;
using Tixallo.Client.Errors;
using Tixallo.Client.Http;

namespace Tixallo.Client.Resilience;

/// <summary>
/// The Polly strategy between the retry and the attempt timeout: before each attempt it waits out the client's hold
/// and takes a permit from the limiter, within what the call may wait (<see cref="TixalloRetryOptions.MaxRetryAfter"/>
/// and what is left of its total timeout); beyond that it refuses the attempt with a client-side
/// <see cref="TixalloRateLimitException"/>, sending nothing. The attempt timeout starts after the wait.
/// </summary>
internal sealed class RateLimitGateStrategy(
    RateLimitGate gate,
    TimeProvider timeProvider,
    TimeSpan maxRetryAfter,
    RetryPolicy retryPolicy,
    Func<double> random,
    ResiliencePropertyKey<TixalloRequest> requestKey) : ResilienceStrategy<HttpResponseMessage>
{
    protected override ValueTask<Outcome<HttpResponseMessage>> ExecuteCore<TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback,
        ResilienceContext context,
        TState state)
    {
        var request = context.Properties.GetValue(requestKey, null!);
        return gate.MightWait(request.Operation) ? GatedAsync(callback, context, state, request) : callback(context, state);
    }

    private async ValueTask<Outcome<HttpResponseMessage>> GatedAsync<TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback,
        ResilienceContext context,
        TState state,
        TixalloRequest request)
    {
        var started = timeProvider.GetTimestamp();
        var (hold, scope) = gate.HoldLeft(request.Operation);
        if (scope is { } heldBy)
        {
            var allowed = Min(maxRetryAfter, request.TimeLeft(timeProvider));
            if (hold > allowed)
            {
                return Refuse(request, hold, heldBy, $"The client is holding {request.Operation} calls for another {hold} after a 429, longer than this call may wait ({allowed}).");
            }

            await Task.Delay(hold + retryPolicy.RequestedWaitJitter(hold, random()), timeProvider, context.CancellationToken).ConfigureAwait(false);
        }

        RateLimitLease? lease = null;
        if (gate.Limiter is { } limiter)
        {
            var left = request.TimeLeft(timeProvider);
            using var deadline = new CancellationTokenSource(left > TimeSpan.Zero ? left : TimeSpan.FromTicks(1), timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, deadline.Token);
            try
            {
                lease = await limiter.AcquireAsync(1, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!context.CancellationToken.IsCancellationRequested)
            {
                return Refuse(request, null, TixalloRateLimitScope.Unknown, $"The rate limiter gave no permit before the call's time ran out ({request.TotalTimeout}).");
            }

            if (!lease.IsAcquired)
            {
                var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : (TimeSpan?)null;
                lease.Dispose();
                return Refuse(request, retryAfter, TixalloRateLimitScope.Unknown, "The rate limiter refused a permit (its queue is full).");
            }
        }

        TixalloTelemetry.RecordRateLimitWait(request.Operation, timeProvider.GetElapsedTime(started));
        try
        {
            return await callback(context, state).ConfigureAwait(false);
        }
        finally
        {
            lease?.Dispose();
        }
    }

    private static Outcome<HttpResponseMessage> Refuse(TixalloRequest request, TimeSpan? retryAfter, TixalloRateLimitScope scope, string message) =>
        Outcome.FromException<HttpResponseMessage>(new TixalloRateLimitException(new ApiError
        {
            StatusCode = HttpStatusCode.TooManyRequests,
            ErrorCode = ErrorCodes.RateLimitedClientSide,
            Message = message + " Nothing was sent.",
            RetryAfter = retryAfter,
            Scope = scope,
            IsClientSide = true,
            CorrelationId = request.CorrelationId,
            Attempts = request.Attempts,
        }));

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
