namespace Tixallo.Client.Testing.Wire;

// The fake's own view of the wire contract, independent of the SDK's models, so that a serialisation slip on
// either side shows up as a failing round trip instead of cancelling out.

internal sealed record TicketDto(
    string Id,
    string WorkspaceId,
    string Subject,
    string? Description,
    string Status,
    string Priority,
    string CustomerEmail,
    string? AssigneeId,
    IReadOnlyList<string> Tags,
    string? MergedIntoTicketId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

internal sealed record MessageDto(string Id, string TicketId, string Body, string AuthorType, bool Internal, DateTimeOffset CreatedAt);

internal sealed record TemplateDto(string Id, string Name, string? Subject, string Body, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

internal sealed record AttachmentDto(string Id, string TicketId, string FileName, string ContentType, long SizeBytes, DateTimeOffset CreatedAt);

internal sealed record PageDto<T>(IReadOnlyList<T> Data, string? NextCursor);
