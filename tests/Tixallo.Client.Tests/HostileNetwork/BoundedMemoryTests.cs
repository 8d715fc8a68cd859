using System.IO.Compression;
using System.Text;

namespace Tixallo.Client.Tests.HostileNetwork;

/// <summary>
/// Bodies that never end, lie about their length or decompress without end are read only to a limit, checked while
/// reading, and never retried into memory again. Memory is measured: bytes allocated by the whole process during
/// the call, the in-process server's share included.
/// </summary>
[Category("HostileNetwork")]
public class BoundedMemoryTests
{
    private const long Limit = 1024 * 1024;
    private static readonly byte[] Zeros = new byte[64 * 1024];

    [Test]
    public async Task SuccessBodyDeclaredOverTheLimit_FailsBeforeReading_AndIsNotRetried()
    {
        await using var api = RawHttpServer.Start("127.0.0.1", (_, stream, ct) =>
            Raw.StallAfterAsync(stream, Raw.Head(200, ("Content-Type", "application/json"), ("Content-Length", "500000000")), ct));
        using var client = Client(api);

        var error = Assert.CatchAsync<TixalloApiException>(() => client.Tickets.GetAsync("tkt_1"));

        Assert.That(error!.ErrorCode, Is.EqualTo("response_too_large"));
        Assert.That(error.Message, Does.Contain("500000000"));
        Assert.That(error.Attempts, Is.EqualTo(1));
        Assert.That(api.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task EndlessSuccessBody_IsReadOnlyToTheLimit()
    {
        await using var api = RawHttpServer.Start("127.0.0.1", (_, stream, ct) => Raw.EndlessAsync(stream, 200, Zeros, maxChunks: 65_536, ct));
        using var client = Client(api);

        var allocated = await AllocatedDuring(() => AssertTooLarge(client.Tickets.GetAsync("tkt_1")));

        Assert.That(allocated, Is.LessThan(16 * 1024 * 1024), "a 4 GiB body read to a 1 MiB limit");
        Assert.That(api.Requests, Has.Count.EqualTo(1), "not retried");
    }

    [Test]
    public async Task EndlessErrorBody_IsReadOnlyToTheDecodersCap()
    {
        var text = Encoding.UTF8.GetBytes("{\"error\": \"" + new string('x', 65_000));
        await using var api = RawHttpServer.Start("127.0.0.1", (_, stream, ct) => Raw.EndlessAsync(stream, 400, text, maxChunks: 65_536, ct));
        using var client = Client(api);
        TixalloBadRequestException? error = null;

        var allocated = await AllocatedDuring(async () => error = await CatchAsync<TixalloBadRequestException>(client.Tickets.GetAsync("tkt_1")));

        Assert.That(error!.IsRawBodyTruncated, Is.True);
        Assert.That(allocated, Is.LessThan(8 * 1024 * 1024), "a 4 GiB error body decoded from its first 256 KiB");
    }

    [Test]
    public async Task GzipBomb_OnAServerError_WithRetries_StaysBounded()
    {
        await using var api = RawHttpServer.Start("127.0.0.1", (_, stream, ct) =>
            Raw.EndlessAsync(stream, 500, Bombs.GzipMebibyteOfZeros, maxChunks: 1024, ct, ("Content-Encoding", "gzip")));
        using var client = Client(api, o =>
        {
            o.Retry.MaxRetries = 2;
            o.Retry.BaseDelay = TimeSpan.FromMilliseconds(1);
        });
        TixalloServerException? error = null;

        var allocated = await AllocatedDuring(async () => error = await CatchAsync<TixalloServerException>(client.Tickets.GetAsync("tkt_1")));

        Assert.That(error!.Attempts, Is.EqualTo(3));
        Assert.That(allocated, Is.LessThan(32 * 1024 * 1024), "three 1 GiB bombs, each read to 256 KiB");
    }

    [Test]
    public async Task GzipBomb_OnASuccess_IsResponseTooLarge()
    {
        await using var api = RawHttpServer.Start("127.0.0.1", (_, stream, ct) =>
            Raw.EndlessAsync(stream, 200, Bombs.GzipMebibyteOfZeros, maxChunks: 1024, ct, ("Content-Encoding", "gzip")));
        using var client = Client(api);

        var allocated = await AllocatedDuring(() => AssertTooLarge(client.Tickets.GetAsync("tkt_1")));

        Assert.That(allocated, Is.LessThan(16 * 1024 * 1024), "1 GiB after decompression, read to 1 MiB");
    }

    [Test]
    public async Task BrotliBomb_OnASuccess_IsResponseTooLarge()
    {
        var bomb = Bombs.BrotliOfZeros(mebibytes: 64);
        await using var api = RawHttpServer.Start("127.0.0.1", (_, stream, ct) =>
            Raw.AnswerAsync(stream, 200, bomb, ct, ("Content-Encoding", "br")));
        using var client = Client(api);

        var allocated = await AllocatedDuring(() => AssertTooLarge(client.Tickets.GetAsync("tkt_1")));

        Assert.That(allocated, Is.LessThan(16 * 1024 * 1024), "64 MiB after decompression, read to 1 MiB");
    }

    [Test]
    public async Task TheClientAsksForGzipAndBrotli_AndNothingElse()
    {
        await using var api = RawHttpServer.Start("127.0.0.1", (_, stream, ct) => Raw.JsonAsync(stream, 200, Raw.Ticket, ct));
        using var client = Client(api);

        await client.Tickets.GetAsync("tkt_1");

        Assert.That(api.Requests.Single().Header("Accept-Encoding"), Is.EqualTo("gzip, br"));
    }

    private static TixalloClient Client(RawHttpServer api, Action<TixalloClientOptions>? configure = null)
    {
        var options = new TixalloClientOptions { ApiKey = "tx_test_key", BaseAddress = api.BaseAddress, MaxResponseContentBytes = Limit };
        configure?.Invoke(options);
        return new TixalloClient(options);
    }

    private static async Task AssertTooLarge(Task call)
    {
        var error = await CatchAsync<TixalloApiException>(call);
        Assert.That(error.ErrorCode, Is.EqualTo("response_too_large"));
        Assert.That(error.Attempts, Is.EqualTo(1));
    }

    private static async Task<T> CatchAsync<T>(Task call)
        where T : Exception
    {
        try
        {
            await call.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (T expected)
        {
            return expected;
        }

        throw new AssertionException($"Expected {typeof(T).Name}.");
    }

    private static async Task<long> AllocatedDuring(Func<Task> action)
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        await action();
        return GC.GetTotalAllocatedBytes(precise: true) - before;
    }
}

/// <summary>Decompression bombs made in memory.</summary>
internal static class Bombs
{
    /// <summary>
    /// 1 MiB of zeros as one gzip member (about 1 KB). Concatenated members decompress one after another, so N copies
    /// are an N MiB bomb for N KB on the wire.
    /// </summary>
    public static readonly byte[] GzipMebibyteOfZeros = Compress(s => new GZipStream(s, CompressionLevel.SmallestSize), mebibytes: 1);

    public static byte[] BrotliOfZeros(int mebibytes) => Compress(s => new BrotliStream(s, CompressionLevel.Fastest), mebibytes);

    private static byte[] Compress(Func<Stream, Stream> compressor, int mebibytes)
    {
        var zeros = new byte[1024 * 1024];
        using var output = new MemoryStream();
        using (var compressing = compressor(output))
        {
            for (var i = 0; i < mebibytes; i++)
            {
                compressing.Write(zeros);
            }
        }

        return output.ToArray();
    }
}
