namespace Tixallo.Client.Tests.Support;

/// <summary>Response bodies shaped like the wire contract.</summary>
internal static class Payloads
{
    public static string Ticket(string id = "tkt_1", string status = "open", string? mergedInto = null) => $$"""
        {
          "id": "{{id}}",
          "workspace_id": "ws_1",
          "subject": "Printer on fire",
          "description": "Smoke everywhere",
          "status": "{{status}}",
          "priority": "high",
          "customer_email": "ada@example.com",
          "assignee_id": null,
          "tags": ["hardware", "urgent"],
          "merged_into_ticket_id": {{(mergedInto is null ? "null" : $"\"{mergedInto}\"")}},
          "created_at": "2026-11-01T09:30:00Z",
          "updated_at": "2026-11-02T10:00:00Z",
          "some_future_field": {"nested": [1, 2, 3]}
        }
        """;

    public static string Message(string id = "msg_1", string ticketId = "tkt_1") => $$"""
        {"id": "{{id}}", "ticket_id": "{{ticketId}}", "body": "Have you tried turning it off?", "author_type": "agent", "internal": false, "created_at": "2026-11-01T09:31:00Z"}
        """;

    public static string Template(string id = "tpl_1") => $$"""
        {"id": "{{id}}", "name": "Greeting", "subject": "Hello", "body": "Hi {{"{{name}}"}}", "created_at": "2026-11-01T09:00:00Z", "updated_at": "2026-11-01T09:00:00Z"}
        """;

    public static string Attachment(string id = "att_1") => $$"""
        {"id": "{{id}}", "ticket_id": "tkt_1", "file_name": "log.txt", "content_type": "text/plain", "size_bytes": 1234, "created_at": "2026-11-01T09:32:00Z"}
        """;

    public static string Page(IEnumerable<string> items, string? nextCursor) =>
        $$"""{"data": [{{string.Join(",", items)}}], "next_cursor": {{(nextCursor is null ? "null" : $"\"{nextCursor}\"")}}}""";
}
