using System.Diagnostics;
using System.Globalization;
using System.Runtime;

namespace Tixallo.Client.Benchmarks;

/// <summary>
/// Cost over the baseline measured in pairs, as a consumer sees it: blocks of calls rotate between every contestant
/// in one process, and each block's time is divided by the baseline's block of the same round. The median of those
/// ratios repeats within about 1 % from run to run on this shared VM, where µs figures move by ±10 %. Warm-up runs
/// until the JIT has compiled nothing new for several rounds, so tiering is done before anything is timed. Bytes are
/// counted precisely per block.
/// </summary>
public static class PairedRun
{
    private const int QuietRoundsNeeded = 5;
    private const int MaxWarmUpRounds = 400;

    public static async Task RunAsync(int rounds, string call, Transport transport, TextWriter output)
    {
        await using var server = await ServerProcess.StartForAsync(transport);
        await using var contestants = Contestants.For(server);
        var calls = contestants.All.Select(c => c.Call(call)).ToArray();
        var callsPerBlock = (transport, call) switch
        {
            (Transport.Loopback, _) => 20,
            (_, "iterate1000") => 5,
            (_, "page100") => 50,
            _ => 500,
        };

        var warmUpRounds = await WarmUpAsync(calls, callsPerBlock);
        var ratios = calls.Select(_ => new List<double>()).ToArray();
        var micros = calls.Select(_ => new List<double>()).ToArray();
        var bytes = calls.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            var times = new double[calls.Length];
            for (var i = 0; i < calls.Length; i++)
            {
                // Rotating the order keeps any position effect (a GC falling on the first block) from favouring one contestant.
                var c = (i + round) % calls.Length;
                var (time, allocated) = await BlockAsync(calls[c], callsPerBlock);
                times[c] = time;
                micros[c].Add(time);
                bytes[c].Add(allocated);
            }

            for (var c = 0; c < calls.Length; c++)
            {
                ratios[c].Add(times[c] / times[0]);
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{call}, {transport}{(server is null ? string.Empty : " (server in another process)")}: {rounds} rounds of {callsPerBlock} calls per contestant, after {warmUpRounds} warm-up rounds; .NET {Environment.Version}, server GC {GCSettings.IsServerGC}"));
        output.WriteLine();
        output.WriteLine("| contestant | time × baseline (median) | p25–p75 | µs/call (median) | B/call | bytes over baseline |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|");
        var baselineBytes = Median(bytes[0]);
        for (var c = 0; c < calls.Length; c++)
        {
            var sorted = ratios[c].Order().ToArray();
            var callBytes = Median(bytes[c]);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {contestants.All[c].Name} | {Median(ratios[c]):0.00} | {Percentile(sorted, 0.25):0.00}–{Percentile(sorted, 0.75):0.00} | {Median(micros[c]):0.00} | {callBytes:0} | {(c == 0 ? "-" : $"{callBytes - baselineBytes:+0;-0}")} |"));
        }
    }

    /// <summary>Rounds of every contestant until the JIT compiles nothing new for <see cref="QuietRoundsNeeded"/> rounds in a row.</summary>
    /// <remarks>TIXALLO_BENCH_FIXED_WARMUP=N runs exactly N rounds instead, as the first harness did, to compare the two.</remarks>
    private static async Task<int> WarmUpAsync(Func<Task>[] calls, int callsPerBlock)
    {
        var fixedRounds = int.TryParse(Environment.GetEnvironmentVariable("TIXALLO_BENCH_FIXED_WARMUP"), CultureInfo.InvariantCulture, out var n) ? n : -1;
        var quiet = 0;
        var round = 0;
        for (; fixedRounds >= 0 ? round < fixedRounds : round < MaxWarmUpRounds && quiet < QuietRoundsNeeded; round++)
        {
            var compiled = JitInfo.GetCompiledMethodCount();
            foreach (var call in calls)
            {
                await BlockAsync(call, callsPerBlock);
            }

            // Tier-1 recompilation happens on a background thread after a call-counting delay: give it time to show.
            await Task.Delay(150);
            quiet = JitInfo.GetCompiledMethodCount() == compiled ? quiet + 1 : 0;
        }

        return round;
    }

    private static async Task<(double MicrosecondsPerCall, double BytesPerCall)> BlockAsync(Func<Task> call, int count)
    {
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var started = Stopwatch.GetTimestamp();
        for (var n = 0; n < count; n++)
        {
            await call();
        }

        var elapsed = Stopwatch.GetElapsedTime(started).TotalMicroseconds / count;
        return (elapsed, (double)(GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / count);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return Percentile(sorted, 0.5);
    }

    private static double Percentile(double[] sorted, double p) => sorted[(int)Math.Round((sorted.Length - 1) * p)];
}
