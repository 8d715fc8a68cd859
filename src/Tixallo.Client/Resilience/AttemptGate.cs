using System.Threading.RateLimiting;
using Polly;
using Tixallo.Client.Diagnostics;
using Tixallo.Client.Errors;
using Tixallo.Client.Http;

namespace Tixallo.Client.Resilience;

/// <summary>
/// What each attempt, retries included, goes through before it is sent, between the retry and the attempt timeout: it lets the
/// client's <see cref="RateLimitGate"/> admit the attempt (a 429's hold waited out, the probe after it) and takes a
/// permit from the client's <see cref="RateLimiter"/> when there is one, within what is left of the call's total
/// timeout, holding the permit until the attempt ends; otherwise it refuses the attempt with a client-side
/// <see cref="TixalloRateLimitException"/>, sending nothing. The attempt timeout starts after the wait. With no hold
/// and a permit that is there at once, it costs no wait machinery. Every wait is asynchronous and ends at the
/// caller's cancellation or the call's deadline; the limiter's synchronous acquisition is only asked for a permit it
/// has at hand.
/// </summary>
/// <param name="gate">The client's rate-limit gate.</param>
/// <param name="timeProvider">The client's clock.</param>
/// <param name="jitter">The positive jitter on a hold's wait.</param>
/// <param name="attempt">Sends one attempt of a call: the resilience handler's, which arms the attempt timeout.</param>
internal sealed class AttemptGate(
    RateLimitGate gate,
    TimeProvider timeProvider,
    Func<TimeSpan, TimeSpan> jitter,
    Func<TixalloRequest, CancellationToken, ValueTask<Outcome<HttpResponseMessage>>> attempt)
{
    /// <summary>Admits an attempt of <paramref name="request"/> and sends it, or refuses it with a client-side <see cref="TixalloRateLimitException"/> outcome.</summary>
    public ValueTask<Outcome<HttpResponseMessage>> SendAsync(TixalloRequest request, CancellationToken cancellationToken)
    {
        if (gate.IsQuiet(request.Budget))
        {
            if (gate.Limiter is not { } limiter)
            {
                return attempt(request, cancellationToken);
            }

            // A permit at hand, asked synchronously: limiters answer it from local state (the Redis one never reaches Redis here).
            var lease = limiter.AttemptAcquire(1);
            if (lease.IsAcquired)
            {
                return SendHoldingAsync(request, lease, probe: null, cancellationToken);
            }

            // Stryker disable once Statement : a refused lease holds no permit; disposing it is a courtesy the limiter does not need
            lease.Dispose();
        }

        return AdmitAndSendAsync(request, cancellationToken);
    }

    /// <summary>Sends the attempt, then gives back the permit and reports the probe's answer.</summary>
    private async ValueTask<Outcome<HttpResponseMessage>> SendHoldingAsync(TixalloRequest request, RateLimitLease? lease, RateLimitGate.Probe? probe, CancellationToken cancellationToken)
    {
        HttpResponseMessage? answer = null;
        try
        {
            var outcome = await attempt(request, cancellationToken).ConfigureAwait(false);
            answer = outcome.Result;
            return outcome;
        }
        finally
        {
            lease?.Dispose();
            probe?.Report(answer);
        }
    }

    private async ValueTask<Outcome<HttpResponseMessage>> AdmitAndSendAsync(TixalloRequest request, CancellationToken cancellationToken)
    {
        var (refused, probe) = await gate.AdmitAsync(request, jitter, cancellationToken).ConfigureAwait(false);
        if (refused is not null)
        {
            return Outcome.FromException<HttpResponseMessage>(refused);
        }

        RateLimitLease? lease = null;
        if (gate.Limiter is { } limiter)
        {
            try
            {
                (lease, refused) = await AcquireAsync(limiter, request, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                probe?.Report(null); // cancelled while waiting for a permit: the next waiter probes
                throw;
            }

            if (refused is not null)
            {
                probe?.Report(null);
                return Outcome.FromException<HttpResponseMessage>(refused);
            }
        }

        return await SendHoldingAsync(request, lease, probe, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A permit from <paramref name="limiter"/> before the call's time runs out, or the refusal that names why not.</summary>
    private async ValueTask<(RateLimitLease? Lease, TixalloRateLimitException? Refused)> AcquireAsync(RateLimiter limiter, TixalloRequest request, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        RateLimitLease lease;
        using (var deadline = new CallDeadline(request, timeProvider, cancellationToken))
        {
            try
            {
                lease = await limiter.AcquireAsync(1, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return (null, Failures.RefusedClientSide(
                    request, null, TixalloRateLimitScope.Unknown, $"The rate limiter gave no permit before the call's time ran out ({request.TotalTimeout})."));
            }
        }

        if (!lease.IsAcquired)
        {
            var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : (TimeSpan?)null;
            var reason = lease.TryGetMetadata(MetadataName.ReasonPhrase, out var phrase) ? phrase : "its queue is full";
            var scope = lease.TryGetMetadata(TixalloRateLimiters.ScopeMetadataName, out var named) ? named : TixalloRateLimitScope.Unknown;
            lease.Dispose();
            return (null, Failures.RefusedClientSide(request, retryAfter, scope, $"The rate limiter refused a permit: {reason}."));
        }

        TixalloTelemetry.RecordRateLimitWait(request.Operation, timeProvider.GetElapsedTime(started));
        return (lease, null);
    }
}
