namespace Tixallo.Client;

/// <summary>The fields of a new ticket. <see cref="Subject"/> and <see cref="CustomerEmail"/> are required.</summary>
public sealed class CreateTicketRequest
{
    /// <summary>The subject line. Required.</summary>
    public string? Subject { get; init; }

    /// <summary>The customer's email address. Required.</summary>
    public string? CustomerEmail { get; init; }

    /// <summary>The description, if any.</summary>
    public string? Description { get; init; }

    /// <summary>The priority; the server's default when null.</summary>
    public TicketPriority? Priority { get; init; }

    /// <summary>Tags, if any.</summary>
    public IReadOnlyList<string>? Tags { get; init; }
}
