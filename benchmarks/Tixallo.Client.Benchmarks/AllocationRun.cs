using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace Tixallo.Client.Benchmarks;

/// <summary>
/// Where a call's bytes go, by type: the runtime's allocation sampling (one event per ~100 KB allocated, naming the
/// type that crossed the mark) over many calls of one contestant at a time, in memory or over loopback sockets (the
/// server in another process). A type's share of the samples is its share of the bytes; the paired run gives the
/// exact total. Compare two contestants' tables to see which objects one allocates that the other does not.
/// </summary>
public static class AllocationRun
{
    private const int GcKeyword = 0x1;

    public static async Task RunAsync(int calls, string call, Transport transport, IReadOnlyList<string> names, TextWriter output)
    {
        await using var server = await ServerProcess.StartForAsync(transport);
        await using var contestants = Contestants.For(server);
        foreach (var name in names)
        {
            var contestant = contestants.All.Single(c => c.Name == name);
            var run = contestant.Call(call);
            for (var n = 0; n < 2_000; n++)
            {
                await run();
            }

            using var listener = new AllocationListener();
            var before = GC.GetTotalAllocatedBytes(precise: true);
            for (var n = 0; n < calls; n++)
            {
                await run();
            }

            var perCall = (double)(GC.GetTotalAllocatedBytes(precise: true) - before) / calls;
            var samples = listener.Snapshot();
            var total = samples.Values.Sum();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{call}, {transport}, {name}: {perCall:0} B/call over {calls} calls, {total} samples"));
            output.WriteLine("| type | B/call (share of samples × B/call) |");
            output.WriteLine("|---|---:|");
            foreach (var (type, count) in samples.OrderByDescending(s => s.Value))
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {type} | {perCall * count / total:0} |"));
            }

            output.WriteLine();
        }
    }

    /// <summary>Counts GCAllocationTick events by type name.</summary>
    private sealed class AllocationListener : EventListener
    {
        private readonly ConcurrentDictionary<string, int> _counts = new();

        public Dictionary<string, int> Snapshot() => new(_counts);

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)GcKeyword);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) == true && eventData.PayloadNames is { } payloadNames)
            {
                var index = payloadNames.IndexOf("TypeName");
                var type = index >= 0 ? eventData.Payload?[index] as string ?? "?" : "?";
                _counts.AddOrUpdate(type, 1, (_, count) => count + 1);
            }
        }
    }
}
