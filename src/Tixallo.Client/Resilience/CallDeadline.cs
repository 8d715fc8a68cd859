using Tixallo.Client.Http;
using Tixallo.Client.Platform;

namespace Tixallo.Client.Resilience;

/// <summary>
/// What a wait inside a call (for a permit, for the probe's answer) is bounded by: a token cancelled by the caller, or
/// when what is left of the call's total timeout has passed on the client's clock.
/// </summary>
internal sealed class CallDeadline : IDisposable
{
    private readonly CancellationTokenSource _deadline;
    private readonly CancellationTokenSource _linked;

    public CallDeadline(TixalloRequest request, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        _deadline = Timers.CancelAfter(AtLeastATick(request.TimeLeft(timeProvider)), timeProvider);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _deadline.Token);
    }

    public CancellationToken Token => _linked.Token;

    /// <summary>A time left to arm a timer with: one that has already run out is one tick away (zero would mean "never" to Polly).</summary>
    public static TimeSpan AtLeastATick(TimeSpan left) => left > TimeSpan.Zero ? left : TimeSpan.FromTicks(1);

    // Stryker disable Block,Statement : disposing frees a timer and a registration on the caller's token early; nothing a call does changes
    public void Dispose()
    {
        _linked.Dispose();
        _deadline.Dispose();
    }

    // Stryker restore Block,Statement
}
