namespace Tixallo.Client.Testing;

/// <summary>Faults waiting to be served: each for its next N matching requests.</summary>
internal sealed class FaultQueue
{
    private readonly object _gate = new();
    private readonly List<Entry> _entries = [];

    public void Add(TixalloFault fault, int times, string? pathPrefix)
    {
        lock (_gate)
        {
            _entries.Add(new Entry(fault, pathPrefix) { Remaining = times });
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }

    /// <summary>Takes the first fault that matches <paramref name="path"/> (relative to <c>/v1/</c>), counting it down.</summary>
    public TixalloFault? TryTake(string path)
    {
        lock (_gate)
        {
            var entry = _entries.FirstOrDefault(e => e.PathPrefix is null || path.StartsWith(e.PathPrefix, StringComparison.Ordinal));
            if (entry is null)
            {
                return null;
            }

            if (--entry.Remaining == 0)
            {
                _entries.Remove(entry);
            }

            return entry.Fault;
        }
    }

    private sealed record Entry(TixalloFault Fault, string? PathPrefix)
    {
        public int Remaining { get; set; }
    }
}
