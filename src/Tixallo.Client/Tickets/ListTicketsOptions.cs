namespace Tixallo.Client;

/// <summary>Filters and page size for listing tickets.</summary>
public sealed class ListTicketsOptions : ListOptions
{
    /// <summary>Only tickets with this status; all when null.</summary>
    public TicketStatus? Status { get; init; }
}
