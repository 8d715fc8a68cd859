using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Tixallo.Client.Testing;

namespace Tixallo.Client.FakeServer;

/// <summary>
/// What a test does to the fake from outside its process, as JSON over HTTP on a port of its own (so no route of the
/// API is taken): inject and clear faults, create and revoke keys, change the rate limit and the error shape.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>POST /faults</c> <c>{"status":503,"retryAfterSeconds":2}</c>, <c>{"html":502}</c>, <c>{"delayMs":500}</c> or
/// <c>{"abort":true}</c>, each with optional <c>"times"</c> (default 1) and <c>"path"</c> (a prefix below <c>/v1/</c>): 204.</item>
/// <item><c>DELETE /faults</c>: 204.</item>
/// <item><c>POST /keys</c> <c>{"workspace":"ws_other"}</c>: 200 <c>{"apiKey":"…"}</c>.</item>
/// <item><c>POST /keys/revoke</c> <c>{"apiKey":"…"}</c>: 204.</item>
/// <item><c>POST /settings</c> <c>{"rateLimitPerMinute":5,"errorShape":"envelope"}</c>, either or both: 204.</item>
/// </list>
/// A request it cannot read is answered 400 with <c>{"error":"…"}</c>.
/// </remarks>
internal sealed class ControlApi(TixalloFakeServer fake)
{
    public static async Task<(WebApplication App, Uri Address)> StartAsync(TixalloFakeServer fake, int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.Run(new ControlApi(fake).HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return (app, new Uri(address.TrimEnd('/') + "/"));
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        try
        {
            using var body = request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0
                ? await JsonDocument.ParseAsync(request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false)
                : JsonDocument.Parse("{}");
            var json = body.RootElement.ValueKind == JsonValueKind.Object ? body.RootElement : throw new ControlException("The body is not a JSON object.");
            switch (request.Method, request.Path.Value)
            {
                case ("POST", "/faults"):
                    fake.InjectFault(FaultOf(json), Int(json, "times") ?? 1, String(json, "path"));
                    break;
                case ("DELETE", "/faults"):
                    fake.ClearFaults();
                    break;
                case ("POST", "/keys"):
                    await WriteAsync(context, StatusCodes.Status200OK, "apiKey", fake.CreateApiKey(String(json, "workspace") ?? "ws_default")).ConfigureAwait(false);
                    return;
                case ("POST", "/keys/revoke"):
                    fake.RevokeApiKey(String(json, "apiKey") ?? throw new ControlException("\"apiKey\" is required."));
                    break;
                case ("POST", "/settings"):
                    Apply(json);
                    break;
                default:
                    await WriteAsync(context, StatusCodes.Status404NotFound, "error", $"No control route {request.Method} {request.Path}.").ConfigureAwait(false);
                    return;
            }

            context.Response.StatusCode = StatusCodes.Status204NoContent;
        }
        catch (Exception e) when (e is ControlException or JsonException or ArgumentException or InvalidOperationException)
        {
            await WriteAsync(context, StatusCodes.Status400BadRequest, "error", e.Message).ConfigureAwait(false);
        }
    }

    private static TixalloFault FaultOf(JsonElement json)
    {
        if (Int(json, "status") is { } status)
        {
            return TixalloFault.Status(status, Int(json, "retryAfterSeconds") is { } seconds ? TimeSpan.FromSeconds(seconds) : null);
        }

        if (Int(json, "html") is { } htmlStatus)
        {
            return TixalloFault.HtmlPage(htmlStatus);
        }

        if (Int(json, "delayMs") is { } delay)
        {
            return TixalloFault.Slow(TimeSpan.FromMilliseconds(delay));
        }

        return json.TryGetProperty("abort", out var abort) && abort.ValueKind == JsonValueKind.True
            ? TixalloFault.ConnectionAbort()
            : throw new ControlException("A fault needs \"status\", \"html\", \"delayMs\" or \"abort\": true.");
    }

    private void Apply(JsonElement json)
    {
        if (Int(json, "rateLimitPerMinute") is { } limit)
        {
            fake.RateLimitPerMinute = limit > 0 ? limit : throw new ControlException("\"rateLimitPerMinute\" must be positive.");
        }

        if (String(json, "errorShape") is { } name)
        {
            fake.ErrorShape = FakeCommandLine.ShapeOf(name) ?? throw new ControlException($"\"errorShape\" '{name}' is not legacy, envelope or localized.");
        }
    }

    private static int? Int(JsonElement json, string name) =>
        !json.TryGetProperty(name, out var value) ? null
        : value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number
        : throw new ControlException($"\"{name}\" must be a whole number.");

    private static string? String(JsonElement json, string name) =>
        !json.TryGetProperty(name, out var value) ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw new ControlException($"\"{name}\" must be a string.");

    private static async Task WriteAsync(HttpContext context, int status, string name, string value)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var writer = new Utf8JsonWriter(context.Response.Body);
        await using (writer.ConfigureAwait(false))
        {
            writer.WriteStartObject();
            writer.WriteString(name, value);
            writer.WriteEndObject();
        }
    }

    private sealed class ControlException(string message) : Exception(message);
}
