namespace Tixallo.Client.Platform;

/// <summary>
/// Waits and timeouts on a <see cref="TimeProvider"/>, one call on every target: .NET 8 and later have them on the
/// BCL's own types, .NET Standard 2.0 in Microsoft.Bcl.TimeProvider's extensions of <see cref="TimeProvider"/>.
/// There, a source's <c>CancelAfter</c> (an upload's silence timer restarted) runs on the system clock, which is
/// the only clock a .NET Framework app has unless a test swaps it.
/// </summary>
internal static class Timers
{
    /// <summary>A source cancelled after <paramref name="delay"/> on <paramref name="timeProvider"/>'s clock.</summary>
    public static CancellationTokenSource CancelAfter(TimeSpan delay, TimeProvider timeProvider) =>
#if NET
        new(delay, timeProvider);
#else
        timeProvider.CreateCancellationTokenSource(delay);
#endif

    /// <summary>A wait of <paramref name="delay"/> on <paramref name="timeProvider"/>'s clock.</summary>
    public static Task Delay(TimeSpan delay, TimeProvider timeProvider, CancellationToken cancellationToken) =>
#if NET
        Task.Delay(delay, timeProvider, cancellationToken);
#else
        timeProvider.Delay(delay, cancellationToken);
#endif
}
