namespace Tixallo.Client;

/// <summary>A message on a ticket.</summary>
public sealed record Message
{
    /// <summary>The message's id (<c>msg_…</c>).</summary>
    public string Id { get; init; } = string.Empty;

    /// <summary>The ticket the message belongs to.</summary>
    public string TicketId { get; init; } = string.Empty;

    /// <summary>The message text.</summary>
    public string Body { get; init; } = string.Empty;

    /// <summary>Who wrote it; <see cref="MessageAuthorType.Unknown"/> for a value this SDK version does not know.</summary>
    public MessageAuthorType AuthorType { get; init; }

    /// <summary>True for an internal note that the customer does not see.</summary>
    public bool Internal { get; init; }

    /// <summary>When the message was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }
}
