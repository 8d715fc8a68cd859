using System.Text.Json.Serialization;
using Tixallo.Client.Serialization;

namespace Tixallo.Client;

/// <summary>A file attached to a ticket.</summary>
public sealed record Attachment : IJsonOnDeserialized
{
    /// <summary>The attachment's id (<c>att_…</c>).</summary>
    [JsonRequired]
    public string Id { get; init; } = string.Empty;

    /// <summary>The ticket the file is attached to.</summary>
    [JsonRequired]
    public string TicketId { get; init; } = string.Empty;

    /// <summary>The file's name.</summary>
    [JsonRequired]
    public string FileName { get; init; } = string.Empty;

    /// <summary>The file's media type.</summary>
    [JsonRequired]
    public string ContentType { get; init; } = string.Empty;

    /// <summary>The file's size in bytes.</summary>
    [JsonRequired]
    public long SizeBytes { get; init; }

    /// <summary>When the file was uploaded.</summary>
    [JsonRequired]
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Refuses a response that sent a required field as null: this type promises it is not.</summary>
    void IJsonOnDeserialized.OnDeserialized()
    {
        RequiredField.NotNull(Id, "id");
        RequiredField.NotNull(TicketId, "ticket_id");
        RequiredField.NotNull(FileName, "file_name");
        RequiredField.NotNull(ContentType, "content_type");
    }
}
