using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tixallo.Client.NetFramework.Tests.Support;

/// <summary>
/// A one-answer HTTP server on a free loopback port, for what the fake does not send: a body over the client's limit,
/// a body that is not JSON. It answers each connection with the same bytes after reading the request's headers.
/// </summary>
internal sealed class RawServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly byte[] _head;
    private readonly byte[] _body;
    private readonly bool _answerFirst;
    private readonly Task _serving;

    /// <param name="answerFirst">Answer as soon as a connection is made, before reading anything: a TLS client then reads plain text for its handshake.</param>
    public RawServer(string statusLine, string contentType, byte[] body, long? declaredLength = null, bool answerFirst = false)
    {
        _body = body;
        _answerFirst = answerFirst;
        _head = Encoding.ASCII.GetBytes(
            $"HTTP/1.1 {statusLine}\r\nContent-Type: {contentType}\r\nContent-Length: {declaredLength ?? body.Length}\r\nConnection: close\r\n\r\n");
        _listener.Start();
        _serving = ServeAsync();
    }

    public Uri BaseAddress => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/v1/");

    public void Dispose()
    {
        _listener.Stop();
        _ = _serving.ContinueWith(t => t.Exception, TaskScheduler.Default);
    }

    private async Task ServeAsync()
    {
        while (true)
        {
            using var connection = await _listener.AcceptTcpClientAsync();
            var stream = connection.GetStream();
            var buffer = new byte[8192];
            var seen = new StringBuilder();
            // Headers only: the requests sent here are GETs.
            while (!_answerFirst && !seen.ToString().Contains("\r\n\r\n"))
            {
                var read = await stream.ReadAsync(buffer, 0, buffer.Length);
                if (read == 0)
                {
                    break;
                }

                seen.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            try
            {
                await stream.WriteAsync(_head, 0, _head.Length);
                await stream.WriteAsync(_body, 0, _body.Length);
            }
            catch (IOException)
            {
                // The client stopped reading (a body over its limit): what the test is about.
            }
        }
    }
}
