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
    public static async Task RunAsync(int blocks, string call, Transport transport, TextWriter output)
    {
        var callsPerBlock = transport == Transport.InMemory ? 500 : 50;
        var errors = call == "error404";
        await using var clients = await Clients.CreateAsync(transport, maxRetries: errors ? 0 : 4);
        using var pollyClient = new HttpClient(new PlainPollyHandler(new InMemoryHandler())) { BaseAddress = new Uri("https://api.bench.tixallo.com/v1/") };
        // The two extra reference points run in memory only: they isolate what Polly and the factory cost by themselves.
        var withPolly = new Baseline(pollyClient);
        var services = new ServiceCollection();
        services.AddHttpClient("raw")
            .ConfigurePrimaryHttpMessageHandler(() => new InMemoryHandler())
            .ConfigureHttpClient(http => http.BaseAddress = new Uri("https://api.bench.tixallo.com/v1/"));
        await using var provider = services.BuildServiceProvider();
        var fromFactory = new Baseline(provider.GetRequiredService<IHttpClientFactory>().CreateClient("raw"));
        var id = errors ? "tkt_missing" : "tkt_000001";
        var contestants = new (string Name, Func<Task> Call)[]
        {
            ("baseline", () => Quietly(() => clients.Baseline.GetTicketAsync(id))),
            ("new TixalloClient", () => Quietly(() => clients.New.Tickets.GetAsync(id))),
            ("AddTixalloClient", () => Quietly(() => clients.Injected.Tickets.GetAsync(id))),
        };
        if (transport == Transport.InMemory && !errors)
        {
            contestants =
            [
                .. contestants,
                ("baseline + plain Polly retry/timeout handler", () => withPolly.GetTicketAsync(id)),
                ("baseline through IHttpClientFactory", () => fromFactory.GetTicketAsync(id)),
            ];
        }
        var time = contestants.Select(_ => new List<double>()).ToArray();
        var bytes = contestants.Select(_ => new List<double>()).ToArray();
        for (var block = -20; block < blocks; block++)
        {
            for (var i = 0; i < contestants.Length; i++)
            {
                var allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
                var started = Stopwatch.GetTimestamp();
                for (var n = 0; n < callsPerBlock; n++)
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

        output.WriteLine($"{call}, {transport} transport, {blocks} blocks of {callsPerBlock} calls per client, blocks interleaved");
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

    /// <summary>Runs a call whose expected API error (the error benchmarks) is part of the measured work.</summary>
    private static async Task Quietly(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (Exception e) when (e is BaselineApiException or TixalloApiException)
        {
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
