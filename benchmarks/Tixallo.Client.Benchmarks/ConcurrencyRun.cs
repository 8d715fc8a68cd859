using System.Diagnostics;
using System.Globalization;
using System.Net.NetworkInformation;

namespace Tixallo.Client.Benchmarks;

/// <summary>
/// 64 concurrent callers share one client for a fixed number of get-ticket calls over loopback Kestrel:
/// throughput, p50 and p99 latency, failures, and the open sockets to the server after two rounds (no growth).
/// </summary>
public static class ConcurrencyRun
{
    public static async Task<int> RunAsync(int calls, int callers, TextWriter output)
    {
        await using var clients = await Clients.CreateAsync(Transport.Loopback, maxRetries: 4);
        var contestants = new (string Name, Func<Task> Call)[]
        {
            ("baseline", () => clients.Baseline.GetTicketAsync("tkt_000001")),
            ("new TixalloClient", () => clients.New.Tickets.GetAsync("tkt_000001")),
            ("AddTixalloClient", () => clients.Injected.Tickets.GetAsync("tkt_000001")),
        };

        output.WriteLine($"{calls} get-ticket calls by {callers} concurrent callers over loopback, one client each; two rounds, the second measured.");
        output.WriteLine();
        output.WriteLine("| client | calls/s | p50 µs | p99 µs | failures | sockets opened, round 1 | after round 2 |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        var failed = false;
        foreach (var (name, call) in contestants)
        {
            var socketsBefore = OpenSockets();
            await RoundAsync(call, calls, callers);
            var socketsAfterFirst = OpenSockets() - socketsBefore;
            var round = await RoundAsync(call, calls, callers);
            var socketsAfterSecond = OpenSockets() - socketsBefore;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {round.Throughput:N0} | {round.P50:N0} | {round.P99:N0} | {round.Failures} | {socketsAfterFirst} | {socketsAfterSecond} |"));
            failed |= round.Failures > 0 || socketsAfterSecond > socketsAfterFirst;
        }

        return failed ? 1 : 0;
    }

    private static async Task<(double Throughput, double P50, double P99, int Failures)> RoundAsync(Func<Task> call, int calls, int callers)
    {
        var latencies = new double[calls];
        var next = -1;
        var failures = 0;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < calls)
            {
                var begin = Stopwatch.GetTimestamp();
                try
                {
                    await call();
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref failures);
                }

                latencies[index] = Stopwatch.GetElapsedTime(begin).TotalMicroseconds;
            }
        })));
        var elapsed = Stopwatch.GetElapsedTime(started);
        Array.Sort(latencies);
        return (calls / elapsed.TotalSeconds, latencies[calls / 2], latencies[(int)(calls * 0.99)], failures);
    }

    /// <summary>Established client-side TCP connections to loopback (the benchmark's only peer).</summary>
    private static int OpenSockets() =>
        IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpConnections()
            .Count(c => c.State == TcpState.Established && System.Net.IPAddress.IsLoopback(c.RemoteEndPoint.Address) && c.LocalEndPoint.Port > c.RemoteEndPoint.Port);
}
