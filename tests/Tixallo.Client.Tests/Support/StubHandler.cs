using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Tixallo.Client.Tests.Support;

/// <summary>
/// A primary handler that answers from a script, one responder per attempt (the last one repeats), and
/// records each request as it went out: method, URI, headers and body bytes.
/// </summary>
internal sealed class StubHandler : HttpMessageHandler
{
    private readonly Queue<Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>> _script = new();
    private Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>? _last;

    /// <summary>The requests received, in order; read it once the calls are done, or under no concurrent call.</summary>
    public List<RecordedRequest> Requests { get; } = [];

    /// <summary>How many requests were received so far; safe to read while calls are under way.</summary>
    public int RequestCount
    {
        get
        {
            lock (_script)
            {
                return Requests.Count;
            }
        }
    }

    public bool Disposed { get; private set; }

    public StubHandler Respond(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> responder)
    {
        _script.Enqueue(responder);
        return this;
    }

    public StubHandler Respond(Func<HttpRequestMessage, HttpResponseMessage> responder) =>
        Respond((request, _) => Task.FromResult(responder(request)));

    public StubHandler Respond(HttpStatusCode status, string? json = null, Action<HttpResponseMessage>? configure = null) =>
        Respond(_ =>
        {
            var response = Json(status, json);
            configure?.Invoke(response);
            return response;
        });

    public StubHandler Throw(Exception exception) => Respond((_, _) => Task.FromException<HttpResponseMessage>(exception));

    /// <summary>An attempt that never answers until its token is cancelled.</summary>
    public StubHandler Hang() => Respond(async (_, token) =>
    {
        await Task.Delay(Timeout.InfiniteTimeSpan, token);
        throw new InvalidOperationException("unreachable");
    });

    public static HttpResponseMessage Json(HttpStatusCode status, string? json) => new(status)
    {
        Content = json is null ? new ByteArrayContent([]) : new StringContent(json, Encoding.UTF8, "application/json"),
    };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var recorded = new RecordedRequest(
            request.Method,
            request.RequestUri!,
            request.Headers.NonValidated.ToDictionary(h => h.Key, h => h.Value.ToArray(), StringComparer.OrdinalIgnoreCase),
            request.Content?.Headers.ContentType,
            body);
        Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>? responder;
        lock (_script)
        {
            // Concurrent calls (the rate-limit tests send hundreds at once) each get the next responder in turn.
            Requests.Add(recorded);
            if (_script.TryDequeue(out var next))
            {
                _last = next;
            }

            responder = _last;
        }

        var response = await (responder ?? throw new InvalidOperationException("The stub has no response scripted."))(request, cancellationToken);
        response.RequestMessage = request;
        return response;
    }

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }
}

/// <summary>One request as the stub received it.</summary>
internal sealed record RecordedRequest(
    HttpMethod Method,
    Uri Uri,
    IReadOnlyDictionary<string, string[]> Headers,
    MediaTypeHeaderValue? ContentType,
    byte[]? Body)
{
    public string BodyText => Body is null ? string.Empty : Encoding.UTF8.GetString(Body);

    public string PathAndQuery => Uri.PathAndQuery;

    public string? Header(string name) => Headers.TryGetValue(name, out var values) ? string.Join(",", values) : null;
}
