namespace Tixallo.Client;

/// <summary>A file attached to a ticket.</summary>
public sealed record Attachment
{
    /// <summary>The attachment's id (<c>att_…</c>).</summary>
    public string Id { get; init; } = string.Empty;

    /// <summary>The ticket the file is attached to.</summary>
    public string TicketId { get; init; } = string.Empty;

    /// <summary>The file's name.</summary>
    public string FileName { get; init; } = string.Empty;

    /// <summary>The file's media type.</summary>
    public string ContentType { get; init; } = string.Empty;

    /// <summary>The file's size in bytes.</summary>
    public long SizeBytes { get; init; }

    /// <summary>When the file was uploaded.</summary>
    public DateTimeOffset CreatedAt { get; init; }
}
