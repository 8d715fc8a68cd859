using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Tixallo.Client.Tests.Support;

namespace Tixallo.Client.Tests.HostileNetwork;

/// <summary>
/// What the SDK says happened, read from failures it once misread: a TLS peer it refuses, the caller's own upload stream
/// failing, an answer before the body, a slow uplink, a redirect followed below the SDK, a cancellation racing the answer.
/// </summary>
[Category("HostileNetwork")]
public class FailureReadingTests
{
    private const string Key = "tx_test_failure_reading_key";
    private static readonly string Attachment = """{"id":"att_1","ticket_id":"tkt_1","file_name":"a.bin","content_type":"application/octet-stream","size_bytes":1,"created_at":"2026-11-01T09:30:00Z"}""";

    [TestCase("GET")]
    [TestCase("POST")]
    public async Task ACertificateTheClientRefuses_IsOneHandshake_NotRetried_AndNothingWasProcessed(string method)
    {
        await using var tls = TlsServer.Start();
        using var client = new TixalloClient(new TixalloClientOptions { ApiKey = Key, BaseAddress = tls.BaseAddress, Retry = { BaseDelay = TimeSpan.FromMilliseconds(1), RetryPostAfterUnknownOutcome = true } });

        var error = Assert.CatchAsync<TixalloConnectionException>(() => method == "GET"
            ? client.Tickets.GetAsync("tkt_1")
            : client.Tickets.CreateAsync(new CreateTicketRequest { Subject = "s", CustomerEmail = "a@b.co" }));

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.Not.InstanceOf<TixalloTimeoutException>());
            Assert.That(error!.RequestMayHaveBeenProcessed, Is.False, "not one byte of the request was readable by the server");
            Assert.That(error.Attempts, Is.EqualTo(1), "a certificate failure does not heal: not retried");
            Assert.That(tls.Handshakes, Is.EqualTo(1));
            Assert.That(error.Message, Does.Contain("TLS"));
            Assert.That(Chain(error).OfType<AuthenticationException>(), Is.Not.Empty);
        });
    }

    [TestCase(true, false)]
    [TestCase(false, false)]
    [TestCase(true, true)]
    public async Task TheCallersUploadStreamFailing_SurfacesAsThatFailure_NeverAsTheNetwork_NeverReadAgain(bool seekable, bool retryUnknownOutcomes)
    {
        await using var api = RawHttpServer.Start("127.0.0.1", Raw.ContinueAndDrainAsync, readBody: false);
        using var client = new TixalloClient(new TixalloClientOptions { ApiKey = Key, BaseAddress = api.BaseAddress, Retry = { BaseDelay = TimeSpan.FromMilliseconds(1), RetryPostAfterUnknownOutcome = retryUnknownOutcomes } });
        using var file = new FailingStream(length: 300_000, failAt: 100_000, seekable);

        var error = Assert.CatchAsync<TixalloConnectionException>(() => client.Attachments.UploadAsync("tkt_1", file, "a.bin", "application/octet-stream"));

        Assert.Multiple(() =>
        {
            Assert.That(error!.InnerException, Is.SameAs(file.Thrown), "the caller's own exception, as it was thrown");
            Assert.That(error.RequestMayHaveBeenProcessed, Is.False, "the server never got a complete request");
            Assert.That((error.Attempts, file.Failures, api.Requests.Count), Is.EqualTo((1, 1, 1)), "not retried with the same stream");
            Assert.That(error.Message, Does.Contain("your stream"));
        });
    }

    [Test]
    public async Task AnAnswerBeforeTheBody_ReachesTheCallerAsThatStatus()
    {
        await using var api = RawHttpServer.Start("127.0.0.1", (_, stream, ct) => Raw.JsonAsync(stream, 413, """{"error": "Payload too large"}""", ct), readBody: false);
        using var client = new TixalloClient(new TixalloClientOptions { ApiKey = Key, BaseAddress = api.BaseAddress });
        using var file = new MemoryStream(new byte[8 * 1024 * 1024]);

        var error = Assert.CatchAsync<TixalloApiException>(() => client.Attachments.UploadAsync("tkt_1", file, "big.bin", "application/octet-stream"));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(error.Message, Does.Contain("Payload too large"));
        Assert.That(api.Requests.Single().Header("Expect"), Is.EqualTo("100-continue"));
    }

    [TestCase(16 * 1024 - 1, null)]
    [TestCase(16 * 1024, "100-continue")]
    public async Task OnlyAnUploadTooLargeForTheSocketsBuffer_AsksFor100Continue(int bytes, string? expect)
    {
        await using var api = RawHttpServer.Start("127.0.0.1", (_, stream, ct) => Raw.JsonAsync(stream, 201, Attachment, ct));
        using var client = new TixalloClient(new TixalloClientOptions { ApiKey = Key, BaseAddress = api.BaseAddress });
        using var file = new MemoryStream(new byte[bytes]);

        var attachment = await client.Attachments.UploadAsync("tkt_1", file, "a.bin", "application/octet-stream");

        Assert.That(attachment.Id, Is.EqualTo("att_1"));
        Assert.That(api.Requests.Single().Header("Expect"), Is.EqualTo(expect), "the header costs a small upload a round trip");
    }

    [Test]
    public async Task AnUploadThatKeepsMoving_OutlastsTheAttemptTimeout()
    {
        // About 200 KB/s, through small socket buffers, so the client feels the server's pace: 400 KB take about 2 s.
        await using var api = RawHttpServer.Start("127.0.0.1", async (request, stream, ct) =>
        {
            await stream.WriteAsync(Raw.Continue, ct);
            await Raw.ReadSlowlyAsync(stream, long.Parse(request.Header("Content-Length")!, System.Globalization.CultureInfo.InvariantCulture), bytesPerTenthOfASecond: 20_000, ct);
            await Raw.JsonAsync(stream, 201, Attachment, ct);
        }, readBody: false, receiveBufferBytes: 16 * 1024);
        using var handler = SmallSendBuffers();
        using var client = new TixalloClient(new TixalloClientOptions { ApiKey = Key, BaseAddress = api.BaseAddress, AttemptTimeout = TimeSpan.FromSeconds(1), TotalTimeout = TimeSpan.FromSeconds(30) }, handler);
        using var file = new MemoryStream(new byte[400_000]);

        var attachment = await client.Attachments.UploadAsync("tkt_1", file, "a.bin", "application/octet-stream").WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(attachment.Id, Is.EqualTo("att_1"), "steady progress is not silence");
        Assert.That(api.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task AnUploadThatStopsMoving_FailsAfterTheAttemptTimeoutOfSilence()
    {
        await using var api = RawHttpServer.Start("127.0.0.1", async (_, stream, ct) =>
        {
            await stream.WriteAsync(Raw.Continue, ct);
            await Raw.ReadSlowlyAsync(stream, 64 * 1024, bytesPerTenthOfASecond: 64 * 1024, ct);
            await Task.Delay(Timeout.InfiniteTimeSpan, ct); // then reads no more (until the server stops)
        }, readBody: false, receiveBufferBytes: 16 * 1024);
        using var handler = SmallSendBuffers();
        using var client = new TixalloClient(new TixalloClientOptions { ApiKey = Key, BaseAddress = api.BaseAddress, AttemptTimeout = TimeSpan.FromSeconds(1), TotalTimeout = TimeSpan.FromSeconds(30) }, handler);
        using var file = new MemoryStream(new byte[4 * 1024 * 1024]);

        var error = Assert.CatchAsync<TixalloTimeoutException>(() => client.Attachments.UploadAsync("tkt_1", file, "a.bin", "application/octet-stream").WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.That(error!.RequestMayHaveBeenProcessed, Is.True, "part of the body went out: the outcome is unknown");
        Assert.That(error.Attempts, Is.EqualTo(1), "an upload is a POST: not retried after an unknown outcome");
    }

    [TestCase("SocketsHttpHandler", "another host")]
    [TestCase("SocketsHttpHandler", "the same host")]
    [TestCase("HttpClientHandler", "another host")]
    [TestCase("HttpClientHandler", "the same host")]
    public async Task AnAnswerFromAnotherUri_AfterARedirectBelowTheSdk_IsRefused_NeverReturnedAsData(string handlerType, string where)
    {
        var other = Raw.Ticket.Replace("tkt_1", "tkt_other", StringComparison.Ordinal);
        await using var elsewhere = RawHttpServer.Start("127.0.0.2", (_, stream, ct) => Raw.JsonAsync(stream, 200, other, ct));
        RawHttpServer? self = null;
        await using var api = self = RawHttpServer.Start("127.0.0.1", (request, stream, ct) => request.Target.EndsWith("tkt_other", StringComparison.Ordinal)
            ? Raw.JsonAsync(stream, 200, other, ct)
            : Raw.AnswerAsync(stream, where == "the same host" ? 301 : 302, [], ct, ("Location", new Uri((where == "the same host" ? self! : elsewhere).BaseAddress, "tickets/tkt_other").ToString())));
        using HttpMessageHandler handler = handlerType == "SocketsHttpHandler" ? new SocketsHttpHandler() : new HttpClientHandler();
        using var client = new TixalloClient(new TixalloClientOptions { ApiKey = Key, BaseAddress = api.BaseAddress }, handler);

        var error = Assert.CatchAsync<TixalloApiException>(() => client.Tickets.GetAsync("tkt_1"));

        Assert.That(error!.ErrorCode, Is.EqualTo("redirect_refused"));
        Assert.That(error.Message, Does.Contain("tickets/tkt_other").And.Contain("redirect"));
        Assert.That(error.Attempts, Is.EqualTo(1));
    }

    [Test]
    public async Task ACallCanceledBeforeItReturns_EndsInOperationCanceled_WhateverTheAnswerWas()
    {
        // A storm: 1,000 calls, each answered 0-5 ms into its attempt with a 503 or a 200 whose last byte, as it is read,
        // cancels the call's token (the race: the answer is in, the call has not returned), or canceled and then cut off.
        // Every token is canceled before its call can return, so every call must end canceled.
        using var stub = new StubHandler();
        var tokens = new System.Collections.Concurrent.ConcurrentDictionary<string, CancellationTokenSource>();
        var random = new Random(7);
        stub.Respond(async (request, _) =>
        {
            var id = request.Headers.GetValues("x-correlation-id").Single();
            int wait, kind;
            lock (random)
            {
                (wait, kind) = (random.Next(0, 6), random.Next(0, 3));
            }

            await Task.Delay(wait, CancellationToken.None);
            if (kind == 2)
            {
                await tokens[id].CancelAsync();
                throw new HttpRequestException(HttpRequestError.ConnectionError, "reset");
            }

            return new HttpResponseMessage(kind == 0 ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.OK)
            {
                Content = new CancelingContent(System.Text.Encoding.UTF8.GetBytes(kind == 0 ? """{"error": "down"}""" : Payloads.Ticket()), tokens[id]),
            };
        });
        using var client = new TixalloClient(new TixalloClientOptions { ApiKey = Key, Retry = { BaseDelay = TimeSpan.FromMilliseconds(1) } }, stub);

        var calls = Enumerable.Range(0, 1000).Select(i =>
        {
            var id = "storm-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var cancel = tokens[id] = new CancellationTokenSource();
            using (TixalloCorrelation.Begin(id))
            {
                return client.Tickets.GetAsync("tkt_1", cancel.Token);
            }
        }).ToList();
        await Task.WhenAll(calls).ContinueWith(_ => { }, TaskScheduler.Default).WaitAsync(TimeSpan.FromSeconds(60));

        var outcomes = calls.Select(c => c.IsCanceled ? "canceled" : c.Exception?.InnerException?.GetType().Name ?? "returned").GroupBy(o => o).ToDictionary(g => g.Key, g => g.Count());
        Assert.That(outcomes, Is.EqualTo(new Dictionary<string, int> { ["canceled"] = 1000 }));
        foreach (var cancel in tokens.Values)
        {
            cancel.Dispose();
        }
    }

    private static IEnumerable<Exception> Chain(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    /// <summary>A handler with the SDK's settings but small socket send buffers, so a slow reader at the other end is felt at once.</summary>
    private static SocketsHttpHandler SmallSendBuffers() => new()
    {
        AllowAutoRedirect = false,
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, SendBufferSize = 16 * 1024 };
            try
            {
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    /// <summary>A body that cancels a token when its last byte is read: an answer that is in as the caller cancels.</summary>
    private sealed class CancelingContent(byte[] body, CancellationTokenSource cancel) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(body).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = body.Length;
            return true;
        }

        protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(new CancelingStream(body, cancel));

        private sealed class CancelingStream(byte[] body, CancellationTokenSource cancel) : MemoryStream(body, writable: false)
        {
            public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            {
                var read = Read(buffer.Span);
                if (Position == Length)
                {
                    cancel.Cancel();
                }

                return new ValueTask<int>(read);
            }
        }
    }

    /// <summary>A caller's stream that throws an <see cref="IOException"/> when a read reaches <c>failAt</c>.</summary>
    private sealed class FailingStream(int length, int failAt, bool seekable) : Stream
    {
        private long _position;

        public IOException Thrown { get; } = new("The disk went away.");

        public int Failures { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => seekable;

        public override bool CanWrite => false;

        public override long Length => seekable ? length : throw new NotSupportedException();

        public override long Position
        {
            get => seekable ? _position : throw new NotSupportedException();
            set => _position = seekable ? value : throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position + count > failAt)
            {
                Failures++;
                throw Thrown;
            }

            var read = (int)Math.Min(count, length - _position);
            buffer.AsSpan(offset, read).Clear();
            _position += read;
            return read;
        }

        public override long Seek(long offset, SeekOrigin origin) => seekable ? _position = offset : throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A TLS server on 127.0.0.1 with a self-signed certificate made for the test, which the client refuses.</summary>
    private sealed class TlsServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly X509Certificate2 _certificate = SelfSigned();
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _accepting;
        private int _handshakes;

        private TlsServer()
        {
            _listener.Start();
            BaseAddress = new Uri($"https://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/v1/");
            _accepting = AcceptAsync();
        }

        public Uri BaseAddress { get; }

        public int Handshakes => Volatile.Read(ref _handshakes);

        public static TlsServer Start() => new();

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _accepting.ContinueWith(_ => { }, TaskScheduler.Default).WaitAsync(TimeSpan.FromSeconds(10));
            _certificate.Dispose();
            _stop.Dispose();
        }

        private static X509Certificate2 SelfSigned()
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
        }

        private async Task AcceptAsync()
        {
            for (var connections = 0; connections < 100 && !_stop.IsCancellationRequested; connections++)
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                Interlocked.Increment(ref _handshakes);
                await using var tls = new SslStream(client.GetStream());
                try
                {
                    await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, _stop.Token);
                }
                catch (Exception e) when (e is AuthenticationException or IOException)
                {
                    // The client refused the certificate, as it should.
                }
            }
        }
    }
}
