using System.Net;
using System.Text;
using Tixallo.Client.Tests.Support;
using Tixallo.Client.Transport;

namespace Tixallo.Client.Tests.Transport;

public class TixalloTransportTests
{
    [Test]
    public void ErrorBodyOverTheCap_IsReadOnlyToTheCap_AndMarkedTruncated()
    {
        using var stub = new StubHandler();
        var body = "{\"error\": \"" + new string('x', 1024 * 1024) + "\"}";
        stub.Respond(HttpStatusCode.InternalServerError, body);
        using var client = TestClients.Create(stub, configure: o => o.Retry.MaxRetries = 0);

        var error = Assert.ThrowsAsync<TixalloServerException>(() => client.Tickets.GetAsync("tkt_1"));

        Assert.Multiple(() =>
        {
            Assert.That(error!.RawBody, Has.Length.EqualTo(TixalloApiException.MaxRawBodyLength));
            Assert.That(body, Does.StartWith(error.RawBody));
            Assert.That(error.IsRawBodyTruncated, Is.True);
            Assert.That(error.ErrorShape, Is.EqualTo(TixalloErrorShape.Unknown), "a body past the parse limit is not parsed");
        });
    }

    [Test]
    public void ErrorBodyWithoutContentLength_IsReadWhole()
    {
        using var stub = new StubHandler();
        var message = new string('m', 100_000);
        stub.Respond(_ => new HttpResponseMessage(HttpStatusCode.NotFound)
        {
            Content = new StreamContent(new UnknownLengthStream(Encoding.UTF8.GetBytes($$"""{"error": "{{message}}"}"""))),
        });
        using var client = TestClients.Create(stub, configure: o => o.Retry.MaxRetries = 0);

        var error = Assert.ThrowsAsync<TixalloNotFoundException>(() => client.Attachments.DownloadAsync("att_1"));

        Assert.That(error!.Message, Is.EqualTo(message), "the whole body was read and parsed");
        Assert.That(error.ErrorShape, Is.EqualTo(TixalloErrorShape.Legacy));
    }

    /// <summary>A response stream whose length is not known up front, as with chunked transfer encoding.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
