using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;

namespace Tixallo.Client.Benchmarks;

/// <summary>
/// What <c>Expect: 100-continue</c> (which the SDK's uploads send) costs a small upload: the same 1 KB multipart POST
/// over loopback to a server in another process that reads the body, with and without the header, in interleaved rounds.
/// </summary>
public static class UploadRun
{
    public static async Task RunAsync(int rounds, TextWriter output)
    {
        await using var server = await ServerProcess.StartAsync();
        using var http = new HttpClient(new SocketsHttpHandler()) { BaseAddress = server.BaseAddress };
        var file = new byte[1024];
        var ratios = new List<double>();
        var extra = new List<double>();
        for (var round = -40; round < rounds; round++)
        {
            var times = new double[2];
            for (var i = 0; i < 2; i++)
            {
                var expect = (i + round + 40) % 2 == 1;
                var started = Stopwatch.GetTimestamp();
                for (var n = 0; n < 20; n++)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, "tickets/tkt_000001/attachments")
                    {
                        Content = new MultipartFormDataContent { { new ByteArrayContent(file) { Headers = { ContentType = new MediaTypeHeaderValue("text/plain") } }, "file", "note.txt" } },
                    };
                    request.Headers.ExpectContinue = expect;
                    using var response = await http.SendAsync(request);
                    await response.Content.ReadAsByteArrayAsync();
                }

                times[expect ? 1 : 0] = Stopwatch.GetElapsedTime(started).TotalMicroseconds / 20;
            }

            if (round >= 0)
            {
                ratios.Add(times[1] / times[0]);
                extra.Add(times[1] - times[0]);
            }
        }

        ratios.Sort();
        extra.Sort();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"1 KB upload over loopback, {rounds} rounds of 20: with Expect: 100-continue / without = {ratios[ratios.Count / 2]:0.000} (p25–p75 {ratios[ratios.Count / 4]:0.000}–{ratios[ratios.Count * 3 / 4]:0.000}), {extra[extra.Count / 2]:+0;-0} µs per upload (median)"));
    }
}
