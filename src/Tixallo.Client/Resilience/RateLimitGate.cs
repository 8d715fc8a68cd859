using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Tixallo.Client.Attachments;
using Tixallo.Client.Diagnostics;
using Tixallo.Client.Errors;
using Tixallo.Client.Http;

namespace Tixallo.Client.Resilience;

/// <summary>
/// One client's share of the API's rate budget, shared by all its calls and views (and, under DI, by every handler
/// the factory builds): the hold a 429 puts on the client, and the optional <see cref="RateLimiter"/> each attempt
/// takes a permit from. A 429 for the key or the IP holds every call; an attachment 429 holds only its kind of
/// transfer.
/// </summary>
internal sealed class RateLimitGate(TimeProvider timeProvider, RateLimiter? limiter, ILogger logger)
{
    private long _anyHoldUntil;
    private long _callsHoldUntil;
    private long _uploadsHoldUntil;
    private long _downloadsHoldUntil;

    public RateLimiter? Limiter => limiter;

    /// <summary>True when <paramref name="operation"/> is held now: until the first 429, one field read.</summary>
    public bool IsHolding(string operation) => Volatile.Read(ref _anyHoldUntil) != 0 && HoldLeft(operation).Scope is not null;

    /// <summary>How long attempts of <paramref name="operation"/> are held still, and by which limit; no scope when not held.</summary>
    public (TimeSpan Left, TixalloRateLimitScope? Scope) HoldLeft(string operation)
    {
        var now = timeProvider.GetUtcNow().UtcTicks;
        var calls = Volatile.Read(ref _callsHoldUntil);
        var transfer = operation switch
        {
            AttachmentsClient.UploadOperation => (Until: Volatile.Read(ref _uploadsHoldUntil), Scope: TixalloRateLimitScope.AttachmentUpload),
            AttachmentsClient.DownloadOperation => (Until: Volatile.Read(ref _downloadsHoldUntil), Scope: TixalloRateLimitScope.AttachmentDownload),
            _ => (Until: 0L, Scope: TixalloRateLimitScope.Unknown),
        };
        var (until, scope) = transfer.Until > calls ? transfer : (calls, TixalloRateLimitScope.ApiKey);
        return until > now ? (TimeSpan.FromTicks(until - now), scope) : (TimeSpan.Zero, null);
    }

    /// <summary>
    /// Waits out the hold on <paramref name="request"/>'s operation, plus a positive jitter, when the call may wait that
    /// long (<paramref name="maxWait"/> and what is left of its total timeout); otherwise returns the client-side
    /// refusal to fail it with. Null: go on.
    /// </summary>
    public async ValueTask<TixalloRateLimitException?> WaitOutHoldAsync(TixalloRequest request, TimeSpan maxWait, Func<TimeSpan, TimeSpan> jitter, CancellationToken cancellationToken)
    {
        var (hold, scope) = HoldLeft(request.Operation);
        if (scope is not { } heldBy)
        {
            return null;
        }

        var left = request.TimeLeft(timeProvider);
        var allowed = maxWait < left ? maxWait : left;
        if (hold > allowed)
        {
            return Refusal(request, hold, heldBy, $"The client is holding {request.Operation} calls for another {hold} after a 429, longer than this call may wait ({allowed}).");
        }

        var started = timeProvider.GetTimestamp();
        await Task.Delay(hold + jitter(hold), timeProvider, cancellationToken).ConfigureAwait(false);
        TixalloTelemetry.RecordRateLimitWait(request.Operation, timeProvider.GetElapsedTime(started));
        return null;
    }

    /// <summary>A call the client refuses without sending it: complete, as the caller sees it.</summary>
    public static TixalloRateLimitException Refusal(TixalloRequest request, TimeSpan? retryAfter, TixalloRateLimitScope scope, string message) => new(new ApiError
    {
        StatusCode = HttpStatusCode.TooManyRequests,
        ErrorCode = ErrorCodes.RateLimitedClientSide,
        Message = message + " Nothing was sent.",
        RetryAfter = retryAfter,
        Scope = scope,
        IsClientSide = true,
        CorrelationId = request.CorrelationId,
        Attempts = request.Attempts,
    });

    /// <summary>Holds the calls <paramref name="scope"/> covers for <paramref name="wait"/> from now (a later hold is kept).</summary>
    public void Hold(TixalloRateLimitScope scope, TimeSpan wait, string operation, string correlationId)
    {
        var until = timeProvider.GetUtcNow().UtcTicks + wait.Ticks;
        if (Raise(ref HoldOf(scope), until))
        {
            Raise(ref _anyHoldUntil, until);
            if (logger.IsEnabled(LogLevel.Warning))
            {
                Log.HoldingCalls(logger, (long)Math.Round(wait.TotalMilliseconds), scope, operation, correlationId);
            }
        }
    }

    private ref long HoldOf(TixalloRateLimitScope scope)
    {
        switch (scope)
        {
            case TixalloRateLimitScope.AttachmentUpload:
                return ref _uploadsHoldUntil;
            case TixalloRateLimitScope.AttachmentDownload:
                return ref _downloadsHoldUntil;
            default:
                return ref _callsHoldUntil;
        }
    }

    private static bool Raise(ref long field, long until)
    {
        var current = Volatile.Read(ref field);
        while (until > current)
        {
            var seen = Interlocked.CompareExchange(ref field, until, current);
            if (seen == current)
            {
                return true;
            }

            current = seen;
        }

        return false;
    }
}
