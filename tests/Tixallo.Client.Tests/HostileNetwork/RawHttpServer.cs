using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tixallo.Client.Tests.HostileNetwork;

/// <summary>
/// A deliberately small HTTP/1.1 server on a loopback address, answering each request on its own connection with
/// whatever raw bytes a test writes: redirects, lies in headers, bombs, trickles, stalls. Loopback only
/// (127.0.0.0/8); its accept loop and every connection end when it is disposed.
/// </summary>
internal sealed class RawHttpServer : IAsyncDisposable
{
    private const int MaxHeadBytes = 64 * 1024;
    private const int MaxBodyBytes = 4 * 1024 * 1024;

    private readonly TcpListener _listener;
    private readonly Func<RawRequest, Stream, CancellationToken, Task> _respond;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private readonly ConcurrentBag<Task> _connections = [];
    private readonly bool _readBody;

    private RawHttpServer(string address, Func<RawRequest, Stream, CancellationToken, Task> respond, bool readBody, int? receiveBufferBytes)
    {
        _respond = respond;
        _readBody = readBody;
        _listener = new TcpListener(IPAddress.Parse(address), 0);
        if (receiveBufferBytes is { } bytes)
        {
            _listener.Server.ReceiveBufferSize = bytes; // inherited by accepted sockets: a slow reader is felt by the client soon
        }

        _listener.Start();
        Origin = new Uri($"http://{address}:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _acceptLoop = AcceptAsync();
    }

    /// <summary>Scheme, host and port, e.g. <c>http://127.0.0.2:41234/</c>.</summary>
    public Uri Origin { get; }

    /// <summary>The API's base address on this server.</summary>
    public Uri BaseAddress => new(Origin, "v1/");

    /// <summary>Every request received, in order.</summary>
    public ConcurrentQueue<RawRequest> Requests { get; } = new();

    /// <param name="address">A loopback address.</param>
    /// <param name="respond">Writes the answer.</param>
    /// <param name="readBody">
    /// True: a <c>Content-Length</c> body is read (after a <c>100 Continue</c> when the client expects one) before
    /// <paramref name="respond"/> runs. False: <paramref name="respond"/> gets the stream right after the head, the body unread.
    /// </param>
    /// <param name="receiveBufferBytes">The accepted sockets' receive buffer, when it should be small.</param>
    public static RawHttpServer Start(string address, Func<RawRequest, Stream, CancellationToken, Task> respond, bool readBody = true, int? receiveBufferBytes = null)
    {
        if (!address.StartsWith("127.", StringComparison.Ordinal))
        {
            throw new ArgumentException("Hostile-network tests talk to loopback addresses only.", nameof(address));
        }

        return new RawHttpServer(address, respond, readBody, receiveBufferBytes);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await Task.WhenAll([_acceptLoop, .. _connections]).WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _connections.Add(ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var request = await ReadRequestAsync(stream, (IPEndPoint)client.Client.LocalEndPoint!);
                Requests.Enqueue(request);
                await _respond(request, stream, _stop.Token);
                await stream.FlushAsync(_stop.Token);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away (it stopped reading a bomb, or timed out), or the server stops.
            }
        }
    }

    private async Task<RawRequest> ReadRequestAsync(NetworkStream stream, IPEndPoint local)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (!EndsWithBlankLine(head))
        {
            if (head.Count >= MaxHeadBytes || await stream.ReadAsync(one, _stop.Token) == 0)
            {
                throw new IOException("The request head ended early or was too long.");
            }

            head.Add(one[0]);
        }

        var lines = Encoding.ASCII.GetString(head.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var requestLine = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        var body = Array.Empty<byte>();
        if (!_readBody)
        {
            return new RawRequest(requestLine[0], requestLine[1], headers, body, $"{local.Address}:{local.Port}");
        }

        if (headers.TryGetValue("Expect", out var expect) && expect.Equals("100-continue", StringComparison.OrdinalIgnoreCase))
        {
            await stream.WriteAsync(Raw.Continue, _stop.Token);
        }

        if (headers.TryGetValue("Content-Length", out var length) && int.Parse(length, System.Globalization.CultureInfo.InvariantCulture) is var count and > 0)
        {
            body = new byte[Math.Min(count, MaxBodyBytes)];
            await stream.ReadExactlyAsync(body, _stop.Token);
        }

        return new RawRequest(requestLine[0], requestLine[1], headers, body, $"{local.Address}:{local.Port}");
    }

    private static bool EndsWithBlankLine(List<byte> head) =>
        head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n';
}

/// <summary>One request as the raw server read it.</summary>
internal sealed record RawRequest(string Method, string Target, IReadOnlyDictionary<string, string> Headers, byte[] Body, string ServerEndpoint)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>Writes raw HTTP/1.1 answers, one per connection.</summary>
internal static class Raw
{
    public const string Ticket = """{"id":"tkt_1","workspace_id":"ws_1","subject":"Printer on fire","description":null,"status":"open","priority":"high","customer_email":"ada@example.com","assignee_id":null,"tags":[],"merged_into_ticket_id":null,"created_at":"2026-11-01T09:30:00Z","updated_at":"2026-11-01T09:30:00Z"}""";

    /// <summary>The interim answer to <c>Expect: 100-continue</c>.</summary>
    public static readonly byte[] Continue = "HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray();

    /// <summary>A status line and headers (with <c>Connection: close</c>), and the blank line; no body.</summary>
    public static byte[] Head(int status, params (string Name, string Value)[] headers)
    {
        var text = new StringBuilder($"HTTP/1.1 {status} {ReasonOf(status)}\r\nConnection: close\r\n");
        foreach (var (name, value) in headers)
        {
            text.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        return Encoding.Latin1.GetBytes(text.Append("\r\n").ToString());
    }

    /// <summary>A whole answer with a <c>Content-Length</c> body.</summary>
    public static async Task AnswerAsync(Stream stream, int status, byte[] body, CancellationToken cancellationToken, params (string Name, string Value)[] headers)
    {
        await stream.WriteAsync(Head(status, [("Content-Length", body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)), .. headers]), cancellationToken);
        await stream.WriteAsync(body, cancellationToken);
    }

    public static Task JsonAsync(Stream stream, int status, string json, CancellationToken cancellationToken, params (string Name, string Value)[] headers) =>
        AnswerAsync(stream, status, Encoding.UTF8.GetBytes(json), cancellationToken, [("Content-Type", "application/json"), .. headers]);

    /// <summary>
    /// A chunked body that repeats <paramref name="chunk"/> until the client stops reading or <paramref name="maxChunks"/>
    /// chunks are out (the bound on the loop).
    /// </summary>
    public static async Task EndlessAsync(Stream stream, int status, byte[] chunk, int maxChunks, CancellationToken cancellationToken, params (string Name, string Value)[] headers)
    {
        await stream.WriteAsync(Head(status, [("Transfer-Encoding", "chunked"), .. headers]), cancellationToken);
        var size = Encoding.ASCII.GetBytes($"{chunk.Length:X}\r\n");
        var end = "\r\n"u8.ToArray();
        for (var i = 0; i < maxChunks; i++)
        {
            await stream.WriteAsync(size, cancellationToken);
            await stream.WriteAsync(chunk, cancellationToken);
            await stream.WriteAsync(end, cancellationToken);
        }

        await stream.WriteAsync("0\r\n\r\n"u8.ToArray(), cancellationToken);
    }

    /// <summary>Writes the head, then <paramref name="body"/> one byte at a time, <paramref name="every"/> apart (real time), until done or stopped.</summary>
    public static async Task TrickleAsync(Stream stream, byte[] head, byte[] body, TimeSpan every, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(head, cancellationToken);
        foreach (var b in body)
        {
            await stream.WriteAsync(new[] { b }, cancellationToken);
            await stream.FlushAsync(cancellationToken);
            await Task.Delay(every, cancellationToken);
        }
    }

    /// <summary>Answers <c>100 Continue</c>, then reads whatever the client sends until it closes (16 MiB at the most), answering nothing.</summary>
    public static async Task ContinueAndDrainAsync(RawRequest request, Stream stream, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(Continue, cancellationToken);
        var buffer = new byte[64 * 1024];
        for (var total = 0L; total < 16 * 1024 * 1024;)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                return;
            }

            total += read;
        }
    }

    /// <summary>Reads <paramref name="length"/> body bytes at about <paramref name="bytesPerTenthOfASecond"/> each 100 ms (real time), or until the client stops.</summary>
    public static async Task ReadSlowlyAsync(Stream stream, long length, int bytesPerTenthOfASecond, CancellationToken cancellationToken)
    {
        var buffer = new byte[bytesPerTenthOfASecond];
        for (var left = length; left > 0;)
        {
            var chunk = (int)Math.Min(left, buffer.Length);
            await stream.ReadExactlyAsync(buffer.AsMemory(0, chunk), cancellationToken);
            left -= chunk;
            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Writes <paramref name="bytes"/>, then sends nothing more until the server stops (bounded by its disposal).</summary>
    public static async Task StallAfterAsync(Stream stream, byte[] bytes, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(bytes, cancellationToken);
        await stream.FlushAsync(cancellationToken);
        await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
    }

    private static string ReasonOf(int status) => status switch
    {
        200 => "OK",
        302 => "Found",
        307 => "Temporary Redirect",
        400 => "Bad Request",
        301 => "Moved Permanently",
        404 => "Not Found",
        413 => "Content Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    };
}
