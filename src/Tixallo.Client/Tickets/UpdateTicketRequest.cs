namespace Tixallo.Client;

/// <summary>
/// The changes to a ticket. Only the properties set are sent; the rest stay as they are. Setting
/// <see cref="AssigneeId"/> to null unassigns the ticket, which is different from not setting it.
/// </summary>
/// <example><code>new UpdateTicketRequest { Status = TicketStatus.Pending, AssigneeId = null } // unassigns</code></example>
public sealed class UpdateTicketRequest
{
    private readonly string? _assigneeId;

    /// <summary>The new status, or null to leave it.</summary>
    public TicketStatus? Status { get; init; }

    /// <summary>The new priority, or null to leave it.</summary>
    public TicketPriority? Priority { get; init; }

    /// <summary>The new assignee. Setting it, to an id or to null (unassign), sends it; not setting it leaves the assignee.</summary>
    public string? AssigneeId
    {
        get => _assigneeId;
        init
        {
            _assigneeId = value;
            IsAssigneeIdSet = true;
        }
    }

    /// <summary>The new tags (an empty list clears them), or null to leave them.</summary>
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>Whether <see cref="AssigneeId"/> was set, to a value or to null.</summary>
    internal bool IsAssigneeIdSet { get; private init; }
}
