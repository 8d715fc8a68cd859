using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;

namespace Tixallo.Client.Benchmarks;

/// <summary>
/// What asking for compression costs and saves: the same GET over loopback (server in another process, answering
/// uncompressed) from two SocketsHttpHandlers, with and without AutomaticDecompression, in interleaved rounds; and
/// the size of a page of 100 tickets as sent, gzipped and brotli'd.
/// </summary>
public static class CompressionRun
{
    public static async Task RunAsync(int rounds, TextWriter output)
    {
        await using var server = await ServerProcess.StartAsync();
        using var plain = new HttpClient(new SocketsHttpHandler()) { BaseAddress = server.BaseAddress };
        using var decompressing = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Brotli }) { BaseAddress = server.BaseAddress };
        var clients = new[] { new Baseline(plain), new Baseline(decompressing) };
        var ratios = new List<double>();
        var extraBytes = new List<double>();
        for (var round = -40; round < rounds; round++)
        {
            var times = new double[2];
            var bytes = new double[2];
            for (var i = 0; i < 2; i++)
            {
                var c = (i + round + 40) % 2;
                var before = GC.GetTotalAllocatedBytes(precise: true);
                var started = Stopwatch.GetTimestamp();
                for (var n = 0; n < 20; n++)
                {
                    await clients[c].GetTicketAsync(Contestants.TicketId);
                }

                times[c] = Stopwatch.GetElapsedTime(started).TotalMicroseconds / 20;
                bytes[c] = (GC.GetTotalAllocatedBytes(precise: true) - before) / 20.0;
            }

            if (round >= 0)
            {
                ratios.Add(times[1] / times[0]);
                extraBytes.Add(bytes[1] - bytes[0]);
            }
        }

        var page = CannedApi.Answer("GET", "/v1/tickets?limit=100").Body;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"GET over loopback, {rounds} rounds: with AutomaticDecompression (gzip, br) / without = {Median(ratios):0.000} (p25–p75 {Percentile(ratios, 0.25):0.000}–{Percentile(ratios, 0.75):0.000}), {Median(extraBytes):+0;-0} B per call"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"a page of 100 tickets: {page.Length} B as sent, {Compressed(page, s => new GZipStream(s, CompressionLevel.Fastest))} B gzip (fastest), {Compressed(page, s => new BrotliStream(s, CompressionLevel.Fastest))} B brotli (fastest)"));
    }

    private static int Compressed(byte[] bytes, Func<Stream, Stream> compressor)
    {
        using var output = new MemoryStream();
        using (var compressing = compressor(output))
        {
            compressing.Write(bytes);
        }

        return output.ToArray().Length; // the compressor closed the stream; ToArray still works on a closed MemoryStream
    }

    private static double Median(List<double> values) => Percentile(values, 0.5);

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[(int)Math.Round((sorted.Length - 1) * p)];
    }
}
