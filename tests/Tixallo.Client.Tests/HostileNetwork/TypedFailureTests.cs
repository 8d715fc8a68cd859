using System.Net;
using System.Text;
using Tixallo.Client.Tests.Support;

namespace Tixallo.Client.Tests.HostileNetwork;

/// <summary>Whatever the server sends, a failed call is a typed exception with the status (when there was one) and the correlation id.</summary>
[Category("HostileNetwork")]
public class TypedFailureTests
{
    private const string Echo = "echoed-by-hostile-server";

    [TestCase("gzip", 200, typeof(TixalloApiException))]
    [TestCase("gzip", 400, typeof(TixalloBadRequestException))]
    [TestCase("gzip", 503, typeof(TixalloServerException))]
    [TestCase("br", 200, typeof(TixalloApiException))]
    [TestCase("br", 400, typeof(TixalloBadRequestException))]
    [TestCase("br", 503, typeof(TixalloServerException))]
    [TestCase("deflate", 200, typeof(TixalloApiException))]
    [TestCase("deflate", 400, typeof(TixalloBadRequestException))]
    public async Task ContentEncodingOverABodyThatIsNotInIt_IsTyped_WithStatusAndCorrelationId(string encoding, int status, Type expected)
    {
        await using var api = RawHttpServer.Start("127.0.0.1", (_, stream, ct) =>
            Raw.AnswerAsync(stream, status, """{"error": "not compressed at all"}"""u8.ToArray(), ct, ("Content-Encoding", encoding), (CorrelationHeader, Echo)));
        using var client = Client(api);

        var error = Assert.CatchAsync<TixalloApiException>(() => client.Tickets.GetAsync("tkt_1"));

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.TypeOf(expected));
            Assert.That((int)error!.StatusCode, Is.EqualTo(status));
            Assert.That(error.CorrelationId, Is.EqualTo(Echo));
            if (status == 200)
            {
                Assert.That(error.ErrorCode, Is.EqualTo("invalid_response"));
            }
        });
    }

    [Test]
    public async Task BogusCharsetOnASuccess_IsReadAsUtf8()
    {
        await using var api = RawHttpServer.Start("127.0.0.1", (_, stream, ct) =>
            Raw.AnswerAsync(stream, 200, Encoding.UTF8.GetBytes(Raw.Ticket), ct, ("Content-Type", "application/json; charset=bogus")));
        using var client = Client(api);

        var ticket = await client.Tickets.GetAsync("tkt_1");

        Assert.That(ticket.Id, Is.EqualTo("tkt_1"));
    }

    [TestCase("{}", TestName = "Success_EmptyObject_IsInvalidResponse")]
    [TestCase("""{"id": null, "workspace_id": "w", "subject": "s", "status": "open", "priority": "low", "customer_email": "e", "tags": [], "created_at": "2026-11-01T09:30:00Z", "updated_at": "2026-11-01T09:30:00Z"}""", TestName = "Success_RequiredFieldNull_IsInvalidResponse")]
    [TestCase("""{"id": "tkt_1", "workspace_id": "w", "subject": "s", "status": "open", "priority": "low", "customer_email": "e", "tags": null, "created_at": "2026-11-01T09:30:00Z", "updated_at": "2026-11-01T09:30:00Z"}""", TestName = "Success_RequiredListNull_IsInvalidResponse")]
    public async Task SuccessMissingARequiredField_IsInvalidResponse(string body)
    {
        await using var api = RawHttpServer.Start("127.0.0.1", (_, stream, ct) => Raw.JsonAsync(stream, 200, body, ct, (CorrelationHeader, Echo)));
        using var client = Client(api);

        var error = Assert.CatchAsync<TixalloApiException>(() => client.Tickets.GetAsync("tkt_1"));

        Assert.That(error!.ErrorCode, Is.EqualTo("invalid_response"));
        Assert.That(error.CorrelationId, Is.EqualTo(Echo));
    }

    [TestCase("""{"data": [null], "next_cursor": null}""", TestName = "Page_NullItem_IsInvalidResponse")]
    [TestCase("""{"next_cursor": null}""", TestName = "Page_WithoutData_IsInvalidResponse")]
    public async Task PageThatIsNotAPage_IsInvalidResponse(string body)
    {
        await using var api = RawHttpServer.Start("127.0.0.1", (_, stream, ct) => Raw.JsonAsync(stream, 200, body, ct));
        using var client = Client(api);

        var error = Assert.CatchAsync<TixalloApiException>(async () =>
        {
            await foreach (var _ in client.Tickets.ListAsync())
            {
            }
        });

        Assert.That(error!.ErrorCode, Is.EqualTo("invalid_response"));
    }

    [Test]
    public async Task CursorCycle_EndsTheListing_WithTheLastResponsesCorrelationId()
    {
        var page = 0;
        await using var api = RawHttpServer.Start("127.0.0.1", (request, stream, ct) =>
        {
            var next = request.Target.Contains("cursor=A", StringComparison.Ordinal) ? "B" : "A";
            return Raw.JsonAsync(stream, 200, $$"""{"data": [], "next_cursor": "{{next}}"}""", ct, (CorrelationHeader, $"page-{Interlocked.Increment(ref page)}"));
        });
        using var client = Client(api);

        var error = Assert.CatchAsync<TixalloApiException>(() => Drain(client.Tickets.ListAsync()));

        Assert.Multiple(() =>
        {
            Assert.That(error!.ErrorCode, Is.EqualTo("invalid_response"));
            Assert.That(api.Requests.Select(r => r.Target), Is.EqualTo(new[] { "/v1/tickets", "/v1/tickets?cursor=A", "/v1/tickets?cursor=B" }));
            Assert.That(error.CorrelationId, Is.EqualTo("page-3"));
            Assert.That(error.Attempts, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task EverNewCursorsWithEmptyPages_EndTheListing()
    {
        var page = 0;
        await using var api = RawHttpServer.Start("127.0.0.1", (_, stream, ct) =>
            Raw.JsonAsync(stream, 200, $$"""{"data": [], "next_cursor": "c{{Interlocked.Increment(ref page)}}"}""", ct));
        using var client = Client(api);

        var error = Assert.CatchAsync<TixalloApiException>(() => Drain(client.Tickets.ListAsync()));

        Assert.That(error!.ErrorCode, Is.EqualTo("invalid_response"));
        Assert.That(error.CorrelationId, Is.Not.Null);
        Assert.That(api.Requests, Has.Count.EqualTo(5));
    }

    [Test]
    public async Task DisposingTheClientDuringACall_IsObjectDisposed_NotATimeout()
    {
        var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var api = RawHttpServer.Start("127.0.0.1", (_, stream, ct) =>
        {
            answered.TrySetResult();
            return Raw.StallAfterAsync(stream, [], ct);
        });
        var client = Client(api);
        var call = client.Tickets.GetAsync("tkt_1");
        await answered.Task.WaitAsync(TimeSpan.FromSeconds(10));

        client.Dispose();

        Assert.CatchAsync<ObjectDisposedException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [TestCase(20_000, TestName = "EchoedCorrelationId_TooLong_TheSentIdStands")]
    [TestCase(-1, TestName = "EchoedCorrelationId_WithControlCharacters_TheSentIdStands")]
    public async Task EchoedCorrelationIdThatIsNotAnId_TheSentIdStands(int length)
    {
        var echo = length > 0 ? new string('e', length) : "bad\u0001id";
        await using var api = RawHttpServer.Start("127.0.0.1", (_, stream, ct) => Raw.JsonAsync(stream, 404, """{"error": "Not found"}""", ct, (CorrelationHeader, echo)));
        using var client = Client(api);

        TixalloNotFoundException? error;
        using (TixalloCorrelation.Begin("sent-id-1"))
        {
            error = Assert.ThrowsAsync<TixalloNotFoundException>(() => client.Tickets.GetAsync("tkt_1"));
        }

        Assert.That(error!.CorrelationId, Is.EqualTo("sent-id-1"));
    }

    [Test]
    public async Task DownloadAnswered404WhoseBodyTrickles_EndsAtTheCallsTimeout()
    {
        var clock = new TestClock();
        await using var api = RawHttpServer.Start("127.0.0.1", (_, stream, ct) =>
            Raw.TrickleAsync(stream, Raw.Head(404, ("Content-Length", "1000"), (CorrelationHeader, Echo)), new byte[1000], TimeSpan.FromMilliseconds(20), ct));
        using var client = Client(api, o =>
        {
            o.TimeProvider = clock;
            o.AttemptTimeout = o.TotalTimeout = TimeSpan.FromSeconds(5);
        });

        var call = client.Attachments.DownloadAsync("att_1");
        await clock.FireAsync(t => t.Duration == TimeSpan.FromSeconds(5));
        var error = Assert.CatchAsync<TixalloTimeoutException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.That(error!.CorrelationId, Is.Not.Null);
        Assert.That(error.Attempts, Is.EqualTo(1));
    }

    [Test]
    public async Task DownloadBodyThatStalls_EndsAReadAfterAttemptTimeoutOfSilence()
    {
        var clock = new TestClock();
        await using var api = RawHttpServer.Start("127.0.0.1", (_, stream, ct) =>
            Raw.StallAfterAsync(stream, [.. Raw.Head(200, ("Content-Length", "100"), ("Content-Type", "text/plain"), (CorrelationHeader, Echo)), .. new byte[10]], ct));
        using var client = Client(api, o => o.TimeProvider = clock);
        await using var download = await client.Attachments.DownloadAsync("att_1");
        var buffer = new byte[100];
        var read = 0;
        while (read < 10)
        {
            read += await download.ReadAsync(buffer.AsMemory(read)).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        }

        var stalled = download.ReadAsync(buffer.AsMemory(read)).AsTask();
        await clock.FireAsync(t => t.Duration == TimeSpan.FromSeconds(30));
        var error = Assert.CatchAsync<TixalloTimeoutException>(() => stalled.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.That(error!.CorrelationId, Is.EqualTo(Echo));
        Assert.That(download.ContentType, Is.EqualTo("text/plain"));
    }

    [Test]
    public async Task DownloadCutOffMidBody_IsAConnectionException_WithTheCorrelationId()
    {
        await using var api = RawHttpServer.Start("127.0.0.1", (_, stream, ct) =>
            stream.WriteAsync((byte[])[.. Raw.Head(200, ("Content-Length", "100"), (CorrelationHeader, Echo)), .. new byte[10]], ct).AsTask());
        using var client = Client(api);
        await using var download = await client.Attachments.DownloadAsync("att_1");

        var error = Assert.CatchAsync<TixalloConnectionException>(() => download.CopyToAsync(Stream.Null).WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.That(error, Is.Not.InstanceOf<TixalloTimeoutException>());
        Assert.That(error!.CorrelationId, Is.EqualTo(Echo));
    }

    private const string CorrelationHeader = "x-correlation-id";

    private static TixalloClient Client(RawHttpServer api, Action<TixalloClientOptions>? configure = null)
    {
        var options = new TixalloClientOptions { ApiKey = "tx_test_key", BaseAddress = api.BaseAddress, Retry = { MaxRetries = 0 } };
        configure?.Invoke(options);
        return new TixalloClient(options);
    }

    private static async Task Drain<T>(IAsyncEnumerable<T> items)
    {
        var count = 0;
        await foreach (var _ in items)
        {
            Assert.That(++count, Is.LessThan(1000), "bounded");
        }
    }
}
