using System.Text.Json.Serialization;
using Tixallo.Client.Serialization;

namespace Tixallo.Client;

/// <summary>A message on a ticket.</summary>
public sealed record Message : IJsonOnDeserialized
{
    /// <summary>The message's id (<c>msg_…</c>).</summary>
    [JsonRequired]
    public string Id { get; init; } = string.Empty;

    /// <summary>The ticket the message belongs to.</summary>
    [JsonRequired]
    public string TicketId { get; init; } = string.Empty;

    /// <summary>The message text.</summary>
    [JsonRequired]
    public string Body { get; init; } = string.Empty;

    /// <summary>Who wrote it; <see cref="MessageAuthorType.Unknown"/> for a value this SDK version does not know.</summary>
    [JsonRequired]
    public MessageAuthorType AuthorType { get; init; }

    /// <summary>True for an internal note that the customer does not see.</summary>
    [JsonRequired]
    public bool Internal { get; init; }

    /// <summary>When the message was created.</summary>
    [JsonRequired]
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Refuses a response that sent a required field as null: this type promises it is not.</summary>
    void IJsonOnDeserialized.OnDeserialized()
    {
        RequiredField.NotNull(Id, "id");
        RequiredField.NotNull(TicketId, "ticket_id");
        RequiredField.NotNull(Body, "body");
    }
}
