using System.Text.Json.Serialization;
using Tixallo.Client.Serialization;

namespace Tixallo.Client;

/// <summary>A support ticket.</summary>
public sealed record Ticket : IJsonOnDeserialized
{
    /// <summary>The ticket's id (<c>tkt_…</c>).</summary>
    [JsonRequired]
    public string Id { get; init; } = string.Empty;

    /// <summary>The workspace the ticket belongs to.</summary>
    [JsonRequired]
    public string WorkspaceId { get; init; } = string.Empty;

    /// <summary>The subject line.</summary>
    [JsonRequired]
    public string Subject { get; init; } = string.Empty;

    /// <summary>The description, if any.</summary>
    public string? Description { get; init; }

    /// <summary>The status; <see cref="TicketStatus.Unknown"/> for a status this SDK version does not know.</summary>
    [JsonRequired]
    public TicketStatus Status { get; init; }

    /// <summary>The priority; <see cref="TicketPriority.Unknown"/> for a priority this SDK version does not know.</summary>
    [JsonRequired]
    public TicketPriority Priority { get; init; }

    /// <summary>The customer's email address.</summary>
    [JsonRequired]
    public string CustomerEmail { get; init; } = string.Empty;

    /// <summary>The assigned agent, or null when unassigned.</summary>
    public string? AssigneeId { get; init; }

    /// <summary>The ticket's tags.</summary>
    [JsonRequired]
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The ticket this one was merged into, or null when it was not merged.</summary>
    public string? MergedIntoTicketId { get; init; }

    /// <summary>When the ticket was created.</summary>
    [JsonRequired]
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the ticket was last changed.</summary>
    [JsonRequired]
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Refuses a response that sent a required field as null: this type promises it is not.</summary>
    void IJsonOnDeserialized.OnDeserialized()
    {
        RequiredField.NotNull(Id, "id");
        RequiredField.NotNull(WorkspaceId, "workspace_id");
        RequiredField.NotNull(Subject, "subject");
        RequiredField.NotNull(CustomerEmail, "customer_email");
        RequiredField.NotNull(Tags, "tags");
    }
}
