using System.Net;
using System.Text;
using Tixallo.Client.Tests.Support;

namespace Tixallo.Client.Tests.Attachments;

public class AttachmentsClientTests : StubbedClientTest
{
    [Test]
    public async Task UploadAsync_SendsMultipartWithFilePart()
    {
        Stub.Respond(HttpStatusCode.Created, Payloads.Attachment());
        using var content = new MemoryStream(Encoding.UTF8.GetBytes("line one\nline two"));

        var attachment = await Client.Attachments.UploadAsync("tkt_1", content, "log.txt", "text/plain");

        var sent = Stub.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That($"{sent.Method} {sent.PathAndQuery}", Is.EqualTo("POST /v1/tickets/tkt_1/attachments"));
            Assert.That(sent.ContentType?.MediaType, Is.EqualTo("multipart/form-data"));
            Assert.That(sent.BodyText, Does.Contain("name=file").And.Contain("filename=log.txt"));
            Assert.That(sent.BodyText, Does.Contain("Content-Type: text/plain").And.Contain("line one\nline two"));
            Assert.That(attachment.Id, Is.EqualTo("att_1"));
            Assert.That(attachment.FileName, Is.EqualTo("log.txt"));
            Assert.That(attachment.SizeBytes, Is.EqualTo(1234));
            Assert.That(content.CanRead, Is.True, "the caller's stream is not disposed");
        });
    }

    [Test]
    public void UploadAsync_BadContentType_ThrowsNamingIt()
    {
        using var content = new MemoryStream([1]);

        var error = Assert.ThrowsAsync<ArgumentException>(() => Client.Attachments.UploadAsync("tkt_1", content, "a.bin", "not a type"));

        Assert.That(error!.ParamName, Is.EqualTo("contentType"));
    }

    [Test]
    public void UploadAsync_NullStream_ThrowsNamingIt()
    {
        var error = Assert.ThrowsAsync<ArgumentNullException>(() => Client.Attachments.UploadAsync("tkt_1", null!, "a.bin", "application/octet-stream"));

        Assert.That(error!.ParamName, Is.EqualTo("content"));
    }

    [Test]
    public async Task GetAsync_ReadsMetadata()
    {
        Stub.Respond(HttpStatusCode.OK, Payloads.Attachment("att_5"));

        var attachment = await Client.Attachments.GetAsync("att_5");

        Assert.That($"{Stub.Requests.Single().Method} {Stub.Requests.Single().PathAndQuery}", Is.EqualTo("GET /v1/attachments/att_5"));
        Assert.That(attachment.ContentType, Is.EqualTo("text/plain"));
    }

    [Test]
    public async Task DownloadAsync_ReturnsTheNetworkStream_NotABuffer()
    {
        var network = new NonSeekableStream(Encoding.UTF8.GetBytes("binary-ish bytes"));
        Stub.Respond(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(network) });

        await using var stream = await Client.Attachments.DownloadAsync("att_5");
        using var reader = new StreamReader(stream);

        Assert.That(Stub.Requests.Single().PathAndQuery, Is.EqualTo("/v1/attachments/att_5/content"));
        Assert.That(network.BytesRead, Is.Zero, "nothing was read before the caller read");
        Assert.That(await reader.ReadToEndAsync(), Is.EqualTo("binary-ish bytes"));
    }

    [Test]
    public async Task DownloadAsync_SaysWhatTheFileIs_WithoutAnotherRequest()
    {
        Stub.Respond(_ =>
        {
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes("%PDF-1.7"));
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
            content.Headers.ContentDisposition = new System.Net.Http.Headers.ContentDispositionHeaderValue("attachment") { FileName = "\"invoice.pdf\"" };
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
            response.Headers.TryAddWithoutValidation("x-correlation-id", "dl-1");
            return response;
        });

        await using var download = await Client.Attachments.DownloadAsync("att_5");
        Stream asStream = download;

        Assert.Multiple(() =>
        {
            Assert.That(download.ContentType, Is.EqualTo("application/pdf"));
            Assert.That(download.ContentLength, Is.EqualTo(8));
            Assert.That(download.FileName, Is.EqualTo("invoice.pdf"));
            Assert.That(download.CorrelationId, Is.EqualTo("dl-1"));
            Assert.That(asStream.CanRead, Is.True, "still reads as a Stream");
            Assert.That(Stub.Requests, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public void DownloadAsync_ErrorStatus_ThrowsTypedException()
    {
        Stub.Respond(HttpStatusCode.NotFound, """{"error": "Not found"}""");

        Assert.ThrowsAsync<TixalloNotFoundException>(() => Client.Attachments.DownloadAsync("att_missing"));
    }

    /// <summary>A stream that counts what was read from it, standing in for a socket.</summary>
    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public int BytesRead { get; private set; }

        public override bool CanSeek => false;

        public override int Read(byte[] buffer, int offset, int count) => Count(base.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Count(base.Read(buffer));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await base.ReadAsync(buffer, cancellationToken));

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Count(await base.ReadAsync(buffer, offset, count, cancellationToken));

        private int Count(int read)
        {
            BytesRead += read;
            return read;
        }
    }
}
