using System.Globalization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Tixallo.Client.Testing.Store;
using Tixallo.Client.Testing.Wire;

namespace Tixallo.Client.Testing;

/// <summary>
/// Answers one request the way the Tixallo API does: correlation id, injected faults, authentication, rate
/// limits, then the route. Routing is a small switch over path segments: ASP.NET Core's endpoint routing would
/// need the request-delegate generator to stay Native-AOT-safe in a library.
/// </summary>
internal sealed class FakeApi(FakeStore store, FaultQueue faults, FakeSettings settings, ApiKeys keys, TimeProvider clock)
{
    private const string CorrelationHeader = "x-correlation-id";
    private static readonly string[] Statuses = ["open", "pending", "solved", "closed"];
    private static readonly string[] Priorities = ["low", "normal", "high", "urgent"];
    private static readonly string[] AuthorTypes = ["agent", "customer"];
    private static readonly FakeJsonContext Json = FakeJsonContext.Default;

    private readonly FixedWindowCounter _perKey = new(clock, settings.RateLimitWindow);
    private readonly FixedWindowCounter _attachmentTransfers = new(clock, TimeSpan.FromHours(1));

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var correlationId = request.Headers[CorrelationHeader].FirstOrDefault() is { Length: > 0 } sent ? sent : "fake-" + Guid.NewGuid().ToString("N");
        context.Response.Headers[CorrelationHeader] = correlationId;

        var path = request.Path.Value ?? string.Empty;
        if (!path.StartsWith("/v1/", StringComparison.Ordinal))
        {
            await ErrorWriter.WriteAsync(context, ApiFailure.NotFound("route", path), settings.ErrorShape);
            return;
        }

        var relative = path["/v1/".Length..];
        if (faults.TryTake(relative) is { } fault && await ApplyAsync(context, fault))
        {
            return;
        }

        try
        {
            var (key, workspace) = Authenticate(request);
            if (_perKey.TryAcquire(key, settings.RateLimitPerMinute) is { } retryAfter)
            {
                throw new ApiFailureException(ApiFailure.RateLimited(settings.RateLimitPerMinute, _perKey.Window, retryAfter));
            }

            var segments = relative.Split('/').Select(Uri.UnescapeDataString).ToArray();
            await RouteAsync(context, workspace, segments);
        }
        catch (ApiFailureException failure)
        {
            await ErrorWriter.WriteAsync(context, failure.Failure, settings.ErrorShape);
        }
    }

    private (string Key, string Workspace) Authenticate(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        const string bearer = "Bearer ";
        return authorization.StartsWith(bearer, StringComparison.Ordinal)
            && keys.WorkspaceOf(authorization[bearer.Length..]) is { } workspace
                ? (authorization[bearer.Length..], workspace)
                : throw new ApiFailureException(ApiFailure.Unauthorized());
    }

    private Task RouteAsync(HttpContext context, string workspace, string[] path)
    {
        var method = context.Request.Method;
        return (path, method) switch
        {
            (["tickets"], "POST") => CreateTicketAsync(context, workspace),
            (["tickets"], "GET") => WriteAsync(context, 200, store.ListTickets(workspace, Status(context), Offset(context), Limit(context)), Json.PageDtoTicketDto),
            (["tickets", var id], "GET") => WriteAsync(context, 200, store.GetTicket(workspace, id), Json.TicketDto),
            (["tickets", var id], "PATCH") => UpdateTicketAsync(context, workspace, id),
            (["tickets", var id], "DELETE") => NoContent(context, () => store.DeleteTicket(workspace, id)),
            (["tickets", var id, "merge"], "POST") => MergeAsync(context, workspace, id),
            (["tickets", var id, "messages"], "POST") => AddMessageAsync(context, workspace, id),
            (["tickets", var id, "messages"], "GET") => WriteAsync(context, 200, store.ListMessages(workspace, id, Offset(context), Limit(context)), Json.PageDtoMessageDto),
            (["tickets", var id, "attachments"], "POST") => UploadAsync(context, workspace, id),
            (["templates"], "POST") => CreateTemplateAsync(context, workspace),
            (["templates"], "GET") => WriteAsync(context, 200, store.ListTemplates(workspace, Offset(context), Limit(context)), Json.PageDtoTemplateDto),
            (["templates", var id], "GET") => WriteAsync(context, 200, store.GetTemplate(workspace, id), Json.TemplateDto),
            (["templates", var id], "PATCH") => UpdateTemplateAsync(context, workspace, id),
            (["templates", var id], "DELETE") => NoContent(context, () => store.DeleteTemplate(workspace, id)),
            (["attachments", var id], "GET") => WriteAsync(context, 200, store.GetAttachment(workspace, id).Meta, Json.AttachmentDto),
            (["attachments", var id, "content"], "GET") => DownloadAsync(context, workspace, id),
            _ => throw new ApiFailureException(ApiFailure.NotFound("route", string.Join('/', path))),
        };
    }

    private async Task CreateTicketAsync(HttpContext context, string workspace)
    {
        var body = await RequestBody.ReadAsync(context.Request.Body, context.RequestAborted);
        var subject = body.RequiredString("subject", 200);
        var email = body.RequiredEmail("customer_email");
        var description = body.OptionalString("description");
        var priority = body.OptionalEnum("priority", Priorities);
        var tags = body.OptionalStringArray("tags");
        body.ThrowIfInvalid();
        await WriteAsync(context, 201, store.CreateTicket(workspace, subject, email, description, priority, tags), Json.TicketDto);
    }

    private async Task UpdateTicketAsync(HttpContext context, string workspace, string id)
    {
        var body = await RequestBody.ReadAsync(context.Request.Body, context.RequestAborted);
        var status = body.OptionalEnum("status", Statuses);
        var priority = body.OptionalEnum("priority", Priorities);
        var assignee = body.OptionalString("assignee_id", nullable: true);
        var changesAssignee = body.Has("assignee_id");
        var tags = body.OptionalStringArray("tags");
        body.ThrowIfInvalid();
        var ticket = store.UpdateTicket(workspace, id, current => current with
        {
            Status = status ?? current.Status,
            Priority = priority ?? current.Priority,
            AssigneeId = changesAssignee ? assignee : current.AssigneeId,
            Tags = tags ?? current.Tags,
        });
        await WriteAsync(context, 200, ticket, Json.TicketDto);
    }

    private async Task MergeAsync(HttpContext context, string workspace, string id)
    {
        var body = await RequestBody.ReadAsync(context.Request.Body, context.RequestAborted);
        var target = body.RequiredString("target_ticket_id");
        body.ThrowIfInvalid();
        await WriteAsync(context, 200, store.MergeTicket(workspace, id, target), Json.TicketDto);
    }

    private async Task AddMessageAsync(HttpContext context, string workspace, string ticketId)
    {
        var body = await RequestBody.ReadAsync(context.Request.Body, context.RequestAborted);
        var text = body.RequiredString("body");
        var author = body.OptionalEnum("author_type", AuthorTypes);
        var isInternal = body.OptionalBool("internal");
        body.ThrowIfInvalid();
        await WriteAsync(context, 201, store.AddMessage(workspace, ticketId, text, author ?? "agent", isInternal ?? false), Json.MessageDto);
    }

    private async Task CreateTemplateAsync(HttpContext context, string workspace)
    {
        var body = await RequestBody.ReadAsync(context.Request.Body, context.RequestAborted);
        var name = body.RequiredString("name", 200);
        var text = body.RequiredString("body");
        var subject = body.OptionalString("subject", 200);
        body.ThrowIfInvalid();
        await WriteAsync(context, 201, store.CreateTemplate(workspace, name, subject, text), Json.TemplateDto);
    }

    private async Task UpdateTemplateAsync(HttpContext context, string workspace, string id)
    {
        var body = await RequestBody.ReadAsync(context.Request.Body, context.RequestAborted);
        var name = body.OptionalString("name", 200);
        var subject = body.OptionalString("subject", 200);
        var text = body.OptionalString("body");
        body.ThrowIfInvalid();
        await WriteAsync(context, 200, store.UpdateTemplate(workspace, id, name, subject, text), Json.TemplateDto);
    }

    private async Task UploadAsync(HttpContext context, string workspace, string ticketId)
    {
        LimitAttachmentTransfers(workspace, "attachmentUploadLimitExceeded");
        var file = context.Request.HasFormContentType
            ? (await context.Request.ReadFormAsync(context.RequestAborted)).Files.GetFile("file")
            : null;
        if (file is null)
        {
            throw new ApiFailureException(ApiFailure.Invalid(new Dictionary<string, List<string>> { ["file"] = ["Required"] }));
        }

        using var bytes = new MemoryStream();
        await file.CopyToAsync(bytes, context.RequestAborted);
        var attachment = store.AddAttachment(workspace, ticketId, file.FileName, file.ContentType ?? "application/octet-stream", bytes.ToArray());
        await WriteAsync(context, 201, attachment, Json.AttachmentDto);
    }

    private async Task DownloadAsync(HttpContext context, string workspace, string id)
    {
        var (meta, bytes) = store.GetAttachment(workspace, id);
        LimitAttachmentTransfers(workspace, "attachmentDownloadLimitExceeded");
        context.Response.StatusCode = 200;
        context.Response.ContentType = meta.ContentType;
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    private void LimitAttachmentTransfers(string workspace, string key)
    {
        if (_attachmentTransfers.TryAcquire(workspace, settings.AttachmentTransfersPerHour) is { } retryAfter)
        {
            throw new ApiFailureException(new ApiFailure(429, "Attachment limit exceeded", "rate_limited", "api-errors." + key)
            {
                Limit = settings.AttachmentTransfersPerHour,
                Window = _attachmentTransfers.Window,
                RetryAfter = retryAfter,
            });
        }
    }

    private async Task<bool> ApplyAsync(HttpContext context, TixalloFault fault)
    {
        if (fault.Abort)
        {
            context.Abort();
            return true;
        }

        if (fault.Delay is { } delay)
        {
            await Task.Delay(delay, clock, context.RequestAborted);
            return false;
        }

        if (fault.Html)
        {
            context.Response.StatusCode = fault.StatusCode!.Value;
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync(
                $"<html><head><title>{fault.StatusCode} Bad Gateway</title></head><body><center><h1>{fault.StatusCode} Bad Gateway</h1></center><hr><center>nginx</center></body></html>",
                context.RequestAborted);
            return true;
        }

        var status = fault.StatusCode!.Value;
        var failure = status == 429
            ? ApiFailure.RateLimited(settings.RateLimitPerMinute, _perKey.Window, fault.RetryAfter)
            : new ApiFailure(status, "Injected fault", status >= 500 ? "server_error" : "bad_request", "api-errors.injectedFault") { RetryAfter = fault.RetryAfter };
        await ErrorWriter.WriteAsync(context, failure, settings.ErrorShape);
        return true;
    }

    private static string? Status(HttpContext context)
    {
        var status = context.Request.Query["status"].FirstOrDefault();
        return status is null || Statuses.Contains(status, StringComparer.Ordinal)
            ? status
            : throw QueryError("status", $"Invalid enum value. Expected {string.Join(" | ", Statuses)}");
    }

    private static int Limit(HttpContext context)
    {
        var text = context.Request.Query["limit"].FirstOrDefault();
        return text is null ? 20
            : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit is >= 1 and <= 100 ? limit
            : throw QueryError("limit", "Number must be between 1 and 100");
    }

    private static int Offset(HttpContext context)
    {
        var cursor = context.Request.Query["cursor"].FirstOrDefault();
        return cursor is null ? 0
            : int.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var offset) ? offset
            : throw QueryError("cursor", "Invalid cursor");
    }

    private static ApiFailureException QueryError(string name, string message) =>
        new(ApiFailure.Invalid(new Dictionary<string, List<string>> { [name] = [message] }));

    private static async Task WriteAsync<T>(HttpContext context, int status, T value, JsonTypeInfo<T> type)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await System.Text.Json.JsonSerializer.SerializeAsync(context.Response.Body, value, type, context.RequestAborted);
    }

    private static Task NoContent(HttpContext context, Action action)
    {
        action();
        context.Response.StatusCode = 204;
        return Task.CompletedTask;
    }
}
