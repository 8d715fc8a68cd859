namespace Tixallo.Client;

/// <summary>A new message on a ticket. <see cref="Body"/> is required.</summary>
public sealed class CreateMessageRequest
{
    /// <summary>The message text. Required.</summary>
    public string? Body { get; init; }

    /// <summary>Who writes it; the server's default when null.</summary>
    public MessageAuthorType? AuthorType { get; init; }

    /// <summary>True for an internal note; the server's default (false) when null.</summary>
    public bool? Internal { get; init; }
}
