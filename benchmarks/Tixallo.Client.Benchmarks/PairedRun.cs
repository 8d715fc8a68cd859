using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;

namespace Tixallo.Client.Benchmarks;

/// <summary>
/// Overhead over the baseline measured in pairs: blocks of calls alternate between the baseline and each SDK
/// client in one process, and the median of the per-block differences is reported. On a machine whose speed
/// drifts (a shared VM), this isolates the difference far better than separate BenchmarkDotNet runs do.
/// </summary>
public static class PairedRun
{
    public static async Task RunAsync(int blocks, TextWriter output)
    {
        const int callsPerBlock = 500;
        await using var clients = await Clients.CreateAsync(Transport.InMemory, maxRetries: 4);
        using var pollyClient = new HttpClient(new PlainPollyHandler(new InMemoryHandler())) { BaseAddress = new Uri("https://api.bench.tixallo.com/v1/") };
        var withPolly = new Baseline(pollyClient);
        var services = new ServiceCollection();
        services.AddHttpClient("raw")
            .ConfigurePrimaryHttpMessageHandler(() => new InMemoryHandler())
            .ConfigureHttpClient(http => http.BaseAddress = new Uri("https://api.bench.tixallo.com/v1/"));
        await using var provider = services.BuildServiceProvider();
        var fromFactory = new Baseline(provider.GetRequiredService<IHttpClientFactory>().CreateClient("raw"));
        var contestants = new (string Name, Func<Task> Call)[]
        {
            ("baseline", () => clients.Baseline.GetTicketAsync("tkt_000001")),
            ("baseline + plain Polly retry/timeout handler", () => withPolly.GetTicketAsync("tkt_000001")),
            ("baseline through IHttpClientFactory", () => fromFactory.GetTicketAsync("tkt_000001")),
            ("new TixalloClient", () => clients.New.Tickets.GetAsync("tkt_000001")),
            ("AddTixalloClient", () => clients.Injected.Tickets.GetAsync("tkt_000001")),
        };
        var time = contestants.Select(_ => new List<double>()).ToArray();
        var bytes = contestants.Select(_ => new List<double>()).ToArray();
        for (var block = -20; block < blocks; block++)
        {
            for (var i = 0; i < contestants.Length; i++)
            {
                var allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
                var started = Stopwatch.GetTimestamp();
                for (var call = 0; call < callsPerBlock; call++)
                {
                    await contestants[i].Call();
                }

                var elapsed = Stopwatch.GetElapsedTime(started).TotalMicroseconds / callsPerBlock;
                var allocated = (double)(GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore) / callsPerBlock;
                if (block >= 0)
                {
                    time[i].Add(elapsed);
                    bytes[i].Add(allocated);
                }
            }
        }

        output.WriteLine($"get ticket, in-memory transport, {blocks} blocks of {callsPerBlock} calls per client, blocks interleaved");
        output.WriteLine();
        output.WriteLine("| client | median µs/call | overhead µs (median of block differences) | B/call | overhead B |");
        output.WriteLine("|---|---:|---:|---:|---:|");
        for (var i = 0; i < contestants.Length; i++)
        {
            var timeOverhead = Median(time[i].Zip(time[0], (a, b) => a - b));
            var byteOverhead = Median(bytes[i].Zip(bytes[0], (a, b) => a - b));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {contestants[i].Name} | {Median(time[i]):0.00} | {(i == 0 ? "-" : $"{timeOverhead:+0.00;-0.00}")} | {Median(bytes[i]):0} | {(i == 0 ? "-" : $"{byteOverhead:+0;-0}")} |"));
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
