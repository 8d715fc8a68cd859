using System.Text.Json.Nodes;

namespace Tixallo.Client.IntegrationTests;

/// <summary>Builders for WireMock request matchers and responses.</summary>
internal static class Stub
{
    public static JsonObject Request(string method, string urlPath) => new() { ["method"] = method, ["urlPath"] = urlPath };

    /// <summary>A JSON response that echoes the request's <c>x-correlation-id</c> by response templating.</summary>
    public static JsonObject Json(int status, string body, params (string Name, string Value)[] headers)
    {
        var headerObject = new JsonObject
        {
            ["Content-Type"] = "application/json",
            ["x-correlation-id"] = "{{request.headers.x-correlation-id}}",
        };
        foreach (var (name, value) in headers)
        {
            headerObject[name] = value;
        }

        return new JsonObject
        {
            ["status"] = status,
            ["headers"] = headerObject,
            ["body"] = body,
            ["transformers"] = new JsonArray("response-template"),
        };
    }

    public static JsonObject Html(int status) => new()
    {
        ["status"] = status,
        ["headers"] = new JsonObject { ["Content-Type"] = "text/html" },
        ["body"] = $"<html><head><title>{status}</title></head><body><h1>{status} Bad Gateway</h1><hr>nginx</body></html>",
    };

    public static JsonObject Fault(string fault) => new() { ["fault"] = fault };

    public static JsonObject Delayed(JsonObject response, int milliseconds)
    {
        response["fixedDelayMilliseconds"] = milliseconds;
        return response;
    }

    public const string Ticket = """{"id":"tkt_1","workspace_id":"ws_1","subject":"Printer on fire","description":null,"status":"open","priority":"high","customer_email":"ada@example.com","assignee_id":null,"tags":[],"merged_into_ticket_id":null,"created_at":"2026-11-01T09:30:00Z","updated_at":"2026-11-01T09:30:00Z"}""";
}
