namespace Tixallo.Client.Testing;

/// <summary>Counts requests per key in fixed windows on the server's clock (the API's 60-per-minute rule).</summary>
internal sealed class FixedWindowCounter(TimeProvider clock, TimeSpan window)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, (DateTimeOffset Start, int Count)> _windows = new(StringComparer.Ordinal);

    public TimeSpan Window => window;

    /// <summary>Counts one request; returns the wait until the window resets when the limit is exceeded, else null.</summary>
    public TimeSpan? TryAcquire(string key, int limit)
    {
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            var (start, count) = _windows.TryGetValue(key, out var current) && now - current.Start < window ? current : (now, 0);
            _windows[key] = (start, count + 1);
            return count + 1 > limit ? start + window - now : null;
        }
    }
}
