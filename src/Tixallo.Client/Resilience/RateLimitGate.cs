using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Tixallo.Client.Diagnostics;

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

    /// <summary>True when an attempt of <paramref name="operation"/> may have to wait: without a limiter and a hold, one field read.</summary>
    public bool MightWait(string operation) =>
        limiter is not null || (Volatile.Read(ref _anyHoldUntil) != 0 && HoldLeft(operation).Scope is not null);

    /// <summary>How long attempts of <paramref name="operation"/> are held still, and by which limit; no scope when not held.</summary>
    public (TimeSpan Left, TixalloRateLimitScope? Scope) HoldLeft(string operation)
    {
        var now = timeProvider.GetUtcNow().UtcTicks;
        var calls = Volatile.Read(ref _callsHoldUntil);
        var transfer = operation switch
        {
            "attachments.upload" => (Until: Volatile.Read(ref _uploadsHoldUntil), Scope: TixalloRateLimitScope.AttachmentUpload),
            "attachments.download" => (Until: Volatile.Read(ref _downloadsHoldUntil), Scope: TixalloRateLimitScope.AttachmentDownload),
            _ => (Until: 0L, Scope: TixalloRateLimitScope.Unknown),
        };
        var (until, scope) = transfer.Until > calls ? transfer : (calls, TixalloRateLimitScope.ApiKey);
        return until > now ? (TimeSpan.FromTicks(until - now), scope) : (TimeSpan.Zero, null);
    }

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
