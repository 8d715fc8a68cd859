using System.Globalization;
using System.Text;

namespace Tixallo.Client.Benchmarks;

/// <summary>Canned answers shaped like the wire contract, shared by the in-memory and the loopback transport.</summary>
public static class CannedApi
{
    public const int PageSize = 100;
    public const int Pages = 10;

    public static readonly byte[] Ticket = Encoding.UTF8.GetBytes(TicketJson("tkt_000001"));

    public static readonly byte[] NotFound = """{"error": "Not found"}"""u8.ToArray();

    public static readonly byte[] Attachment = """{"id":"att_000001","ticket_id":"tkt_000001","file_name":"note.txt","content_type":"text/plain","size_bytes":1024,"created_at":"2026-11-01T09:30:00Z"}"""u8.ToArray();

    public static readonly byte[] RateLimited = """{"error": "Rate limit exceeded", "limit": 60, "window_seconds": 60}"""u8.ToArray();

    private static readonly byte[][] TicketPages = Enumerable.Range(0, Pages).Select(PageJson).ToArray();

    /// <summary>The answer to a request: status and body (a 429 also gets <c>Retry-After</c> from the transport).</summary>
    public static (int Status, byte[] Body) Answer(string method, string pathAndQuery)
    {
        var path = pathAndQuery.StartsWith("/v1/", StringComparison.Ordinal) ? pathAndQuery[4..] : pathAndQuery;
        return (method, path) switch
        {
            ("POST", "tickets") => (201, Ticket),
            ("POST", "tickets/tkt_000001/attachments") => (201, Attachment),
            ("GET", "tickets/tkt_000001") => (200, Ticket),
            ("GET", "tickets/tkt_missing") => (404, NotFound),
            ("GET", "tickets/tkt_limited") => (429, RateLimited),
            ("GET", _) when path.StartsWith("tickets?", StringComparison.Ordinal) => (200, TicketPages[PageIndex(path)]),
            _ => (404, NotFound),
        };
    }

    private static int PageIndex(string path)
    {
        var cursor = path.IndexOf("cursor=", StringComparison.Ordinal);
        return cursor < 0 ? 0 : int.Parse(path.AsSpan(cursor + "cursor=p".Length), CultureInfo.InvariantCulture);
    }

    private static byte[] PageJson(int index)
    {
        var tickets = Enumerable.Range(index * PageSize, PageSize).Select(i => TicketJson($"tkt_{i:D6}"));
        var next = index + 1 < Pages ? $"\"p{index + 1}\"" : "null";
        return Encoding.UTF8.GetBytes($$"""{"data":[{{string.Join(",", tickets)}}],"next_cursor":{{next}}}""");
    }

    // About 600 bytes, as in the reference measurements.
    private static string TicketJson(string id) => $$"""
        {"id":"{{id}}","workspace_id":"ws_01HF8Z3K2Q","subject":"Printer on the third floor is on fire again","description":"The printer next to the kitchen started smoking after the firmware update. Facilities were notified; please advise on a replacement and whether the warranty covers it.","status":"open","priority":"high","customer_email":"ada.lovelace@example.com","assignee_id":"agent_42","tags":["hardware","printer","facilities","urgent"],"merged_into_ticket_id":null,"created_at":"2026-11-01T09:30:00Z","updated_at":"2026-11-02T10:00:00Z"}
        """;
}
