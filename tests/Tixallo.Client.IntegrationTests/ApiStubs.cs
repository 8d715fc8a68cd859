using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;

namespace Tixallo.Client.IntegrationTests;

/// <summary>
/// The Tixallo API as WireMock.Net stubs, one per operation (success paths, a 409 for a merged ticket, a localised
/// 404), shaped like the wire contract, and the builders tests add their own with. Every JSON answer echoes the
/// request's <c>x-correlation-id</c> by response templating. Tests' own mappings take priority over these.
/// </summary>
internal static class ApiStubs
{
    public const int TestPriority = 1;
    private const int StubPriority = 10;

    public const string Ticket = """{"id":"tkt_1","workspace_id":"ws_1","subject":"Printer on fire","description":null,"status":"open","priority":"high","customer_email":"ada@example.com","assignee_id":null,"tags":[],"merged_into_ticket_id":null,"created_at":"2026-11-01T09:30:00Z","updated_at":"2026-11-01T09:30:00Z"}""";

    public static void Register(WireMockServer server)
    {
        Stub(server, Request.Create().WithPath("/v1/tickets").UsingPost().WithBody(new JsonPathMatcher(MatchBehaviour.AcceptOnMatch, MatchOperator.And, "$.subject", "$.customer_email")),
            Json(201, TicketJson("tkt_1", "Printer on fire", "open")));
        Stub(server, Request.Create().WithPath("/v1/tickets/tkt_1").UsingGet(), Json(200, TicketJson("tkt_1", "Printer on fire", "open")));
        Stub(server, Request.Create().WithPath(new WildcardMatcher("/v1/tickets/tkt_missing*")).UsingGet(),
            Json(404, """{"key": "api-errors.ticketNotFound", "params": {"ticketId": "tkt_missing"}, "fallbackMessage": "Ticket not found."}"""));
        Stub(server, Request.Create().WithPath("/v1/tickets").UsingGet(),
            Json(200, Page([TicketJson("tkt_1", "Printer on fire", "open"), TicketJson("tkt_2", "Cannot log in", "open")], "c2")));
        Stub(server, Request.Create().WithPath("/v1/tickets").WithParam("cursor", "c2").UsingGet(),
            Json(200, Page([TicketJson("tkt_3", "Cannot log in (again)", "open")], null)), priority: StubPriority - 1);
        Stub(server, Request.Create().WithPath("/v1/tickets/tkt_1").UsingPatch(), Json(200, TicketJson("tkt_1", "Printer on fire", "pending")));
        Stub(server, Request.Create().WithPath("/v1/tickets/tkt_1").UsingDelete(), Response.Create().WithStatusCode(204));
        Stub(server, Request.Create().WithPath("/v1/tickets/tkt_3/merge").UsingPost().WithBody(new JsonMatcher("""{"target_ticket_id":"tkt_2"}""")),
            Json(200, TicketJson("tkt_2", "Cannot log in", "open")));

        Stub(server, Request.Create().WithPath("/v1/tickets/tkt_1/messages").UsingPost().WithBody(new JsonPathMatcher("$.body")), Json(201, MessageJson("msg_1")));
        Stub(server, Request.Create().WithPath("/v1/tickets/tkt_merged/messages").UsingPost(), Json(409, """{"error": "Ticket has been merged"}"""));
        Stub(server, Request.Create().WithPath("/v1/tickets/tkt_1/messages").UsingGet(), Json(200, Page([MessageJson("msg_1"), MessageJson("msg_2")], null)));

        Stub(server, Request.Create().WithPath("/v1/templates").UsingPost().WithBody(new JsonPathMatcher(MatchBehaviour.AcceptOnMatch, MatchOperator.And, "$.name", "$.body")), Json(201, TemplateJson("tpl_1", "Greeting")));
        Stub(server, Request.Create().WithPath("/v1/templates/tpl_1").UsingGet(), Json(200, TemplateJson("tpl_1", "Greeting")));
        Stub(server, Request.Create().WithPath("/v1/templates").UsingGet(), Json(200, Page([TemplateJson("tpl_1", "Greeting"), TemplateJson("tpl_2", "Closing")], null)));
        Stub(server, Request.Create().WithPath("/v1/templates/tpl_1").UsingPatch(), Json(200, TemplateJson("tpl_1", "Greeting v2")));
        Stub(server, Request.Create().WithPath("/v1/templates/tpl_1").UsingDelete(), Response.Create().WithStatusCode(204));

        // Without WireMock.Net's MIME package (not in this feed), the multipart part is matched on the body's text.
        Stub(server, Request.Create().WithPath("/v1/tickets/tkt_1/attachments").UsingPost().WithBody(new WildcardMatcher("*name=file*")), Json(201, AttachmentJson));
        Stub(server, Request.Create().WithPath("/v1/attachments/att_1").UsingGet(), Json(200, AttachmentJson));
        Stub(server, Request.Create().WithPath("/v1/attachments/att_1/content").UsingGet(),
            Response.Create().WithStatusCode(200).WithHeader("Content-Type", "text/plain").WithBody("hello attachment"));
    }

    /// <summary>A test's own mapping, ahead of the API's stubs.</summary>
    public static void Given(IRequestBuilder request, IResponseBuilder response) => Stub(IntegrationTest.Server, request, response, TestPriority);

    /// <summary>Answers <paramref name="responses"/> in turn to requests matching <paramref name="request"/>; the last one repeats (a WireMock scenario).</summary>
    public static void Sequence(IRequestBuilder request, params IResponseBuilder[] responses)
    {
        var scenario = "seq-" + Guid.NewGuid().ToString("N");
        for (var i = 0; i < responses.Length; i++)
        {
            var mapping = IntegrationTest.Server.Given(request).AtPriority(TestPriority).InScenario(scenario);
            mapping = i == 0 ? mapping : mapping.WhenStateIs($"step-{i}");
            if (i < responses.Length - 1)
            {
                mapping = mapping.WillSetStateTo($"step-{i + 1}");
            }

            mapping.RespondWith(responses[i]);
        }
    }

    /// <summary>A JSON answer that echoes the request's <c>x-correlation-id</c>.</summary>
    public static IResponseBuilder Json(int status, string body, params (string Name, string Value)[] headers)
    {
        var response = Response.Create()
            .WithStatusCode(status)
            .WithHeader("Content-Type", "application/json")
            .WithHeader("x-correlation-id", "{{request.headers.x-correlation-id}}")
            .WithBody(body)
            .WithTransformer();
        foreach (var (name, value) in headers)
        {
            response = response.WithHeader(name, value);
        }

        return response;
    }

    /// <summary>A proxy's HTML error page: no correlation id echoed.</summary>
    public static IResponseBuilder Html(int status) => Response.Create()
        .WithStatusCode(status)
        .WithHeader("Content-Type", "text/html")
        .WithBody($"<html><head><title>{status}</title></head><body><h1>{status} Bad Gateway</h1><hr>nginx</body></html>");

    /// <summary>One of WireMock.Net's faults: a 200 whose body is empty or random bytes.</summary>
    public static IResponseBuilder Fault(FaultType fault) => Response.Create().WithStatusCode(200).WithBody(Ticket).WithFault(fault);

    private static void Stub(WireMockServer server, IRequestBuilder request, IResponseBuilder response, int priority = StubPriority) =>
        server.Given(request).AtPriority(priority).RespondWith(response);

    private static string TicketJson(string id, string subject, string status) =>
        $$"""{"id": "{{id}}", "workspace_id": "ws_1", "subject": "{{subject}}", "description": "Smoke everywhere", "status": "{{status}}", "priority": "high", "customer_email": "ada@example.com", "assignee_id": null, "tags": ["hardware"], "merged_into_ticket_id": null, "created_at": "2026-11-01T09:30:00Z", "updated_at": "2026-11-01T09:30:00Z"}""";

    private static string MessageJson(string id) =>
        $$"""{"id": "{{id}}", "ticket_id": "tkt_1", "body": "Have you tried turning it off?", "author_type": "agent", "internal": false, "created_at": "2026-11-01T09:31:00Z"}""";

    private static string TemplateJson(string id, string name) =>
        $$"""{"id": "{{id}}", "name": "{{name}}", "subject": "Hello", "body": "Hi there", "created_at": "2026-11-01T09:00:00Z", "updated_at": "2026-11-01T09:00:00Z"}""";

    private const string AttachmentJson = """{"id": "att_1", "ticket_id": "tkt_1", "file_name": "log.txt", "content_type": "text/plain", "size_bytes": 16, "created_at": "2026-11-01T09:32:00Z"}""";

    private static string Page(IEnumerable<string> items, string? nextCursor) =>
        $$"""{"data": [{{string.Join(", ", items)}}], "next_cursor": {{(nextCursor is null ? "null" : $"\"{nextCursor}\"")}}}""";
}
