namespace Tixallo.Client;

/// <summary>A support ticket.</summary>
public sealed record Ticket
{
    /// <summary>The ticket's id (<c>tkt_…</c>).</summary>
    public string Id { get; init; } = string.Empty;

    /// <summary>The workspace the ticket belongs to.</summary>
    public string WorkspaceId { get; init; } = string.Empty;

    /// <summary>The subject line.</summary>
    public string Subject { get; init; } = string.Empty;

    /// <summary>The description, if any.</summary>
    public string? Description { get; init; }

    /// <summary>The status; <see cref="TicketStatus.Unknown"/> for a status this SDK version does not know.</summary>
    public TicketStatus Status { get; init; }

    /// <summary>The priority; <see cref="TicketPriority.Unknown"/> for a priority this SDK version does not know.</summary>
    public TicketPriority Priority { get; init; }

    /// <summary>The customer's email address.</summary>
    public string CustomerEmail { get; init; } = string.Empty;

    /// <summary>The assigned agent, or null when unassigned.</summary>
    public string? AssigneeId { get; init; }

    /// <summary>The ticket's tags.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The ticket this one was merged into, or null when it was not merged.</summary>
    public string? MergedIntoTicketId { get; init; }

    /// <summary>When the ticket was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the ticket was last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
