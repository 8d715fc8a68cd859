using System.Net.Sockets;
using System.Text;
using Tixallo.Client.Tests.HostileNetwork;

namespace Tixallo.Client.IntegrationTests;

/// <summary>
/// Connection-level faults over real sockets: a reset, a connection closed with no answer, a malformed chunk, random
/// bytes. WireMock.Net cannot produce these (its faults are well-formed HTTP answers), so a raw loopback server does.
/// </summary>
[Category("Integration")]
public class TransportFaultTests
{
    public enum Fault
    {
        ConnectionResetByPeer,
        EmptyResponse,
        MalformedResponseChunk,
        RandomDataThenClose,
    }

    [TestCase(Fault.ConnectionResetByPeer)]
    [TestCase(Fault.EmptyResponse)]
    [TestCase(Fault.MalformedResponseChunk)]
    [TestCase(Fault.RandomDataThenClose)]
    public async Task TransportFault_ThenOk_IsRetried(Fault fault)
    {
        var requests = 0;
        await using var server = RawHttpServer.Start("127.0.0.1", (_, stream, ct) =>
            Interlocked.Increment(ref requests) == 1 ? WriteAsync(fault, stream, ct) : Raw.JsonAsync(stream, 200, Raw.Ticket, ct));
        using var client = Client(server);

        var ticket = await client.Tickets.GetAsync("tkt_r");

        Assert.That(ticket.Id, Is.EqualTo("tkt_1"));
        Assert.That(server.Requests, Has.Count.EqualTo(2));
    }

    // A connection closed with no answer at all looks to SocketsHttpHandler like a stale pooled connection on a
    // reused one only; on these fresh connections each SDK attempt is one request.
    [TestCase(Fault.ConnectionResetByPeer)]
    [TestCase(Fault.EmptyResponse)]
    [TestCase(Fault.MalformedResponseChunk)]
    [TestCase(Fault.RandomDataThenClose)]
    public async Task TransportFault_Persistent_IsAConnectionException(Fault fault)
    {
        await using var server = RawHttpServer.Start("127.0.0.1", (_, stream, ct) => WriteAsync(fault, stream, ct));
        using var client = Client(server, o => o.Retry.MaxRetries = 2);

        var error = Assert.ThrowsAsync<TixalloConnectionException>(() => client.Tickets.GetAsync("tkt_r"));

        Assert.That(error, Is.Not.InstanceOf<TixalloTimeoutException>());
        Assert.That(error!.Attempts, Is.EqualTo(3));
        Assert.That(error.InnerException, Is.Not.Null);
        Assert.That(error.CorrelationId, Is.EqualTo(server.Requests.First().Header("x-correlation-id")));
        Assert.That(server.Requests, Has.Count.GreaterThanOrEqualTo(3));
    }

    private static Task WriteAsync(Fault fault, Stream stream, CancellationToken cancellationToken)
    {
        switch (fault)
        {
            case Fault.ConnectionResetByPeer:
                // Linger 0: closing sends RST, not FIN.
                ((NetworkStream)stream).Socket.LingerState = new LingerOption(true, 0);
                stream.Close();
                return Task.CompletedTask;
            case Fault.EmptyResponse:
                stream.Close();
                return Task.CompletedTask;
            case Fault.MalformedResponseChunk:
                return stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nlorem ipsum\r\n"), cancellationToken).AsTask();
            default:
                return stream.WriteAsync(Enumerable.Range(0, 256).Select(i => (byte)((i * 37) + 11)).ToArray(), cancellationToken).AsTask();
        }
    }

    private static TixalloClient Client(RawHttpServer server, Action<TixalloClientOptions>? configure = null)
    {
        var options = new TixalloClientOptions { ApiKey = IntegrationTest.ApiKey, BaseAddress = server.BaseAddress };
        IntegrationTest.FastRetries(options);
        configure?.Invoke(options);
        return new TixalloClient(options);
    }
}
