namespace Tixallo.Client;

/// <summary>Tickets: create, read, list, change, delete and merge. Mock this interface to test code that uses it.</summary>
public interface ITicketsClient
{
    /// <summary>Creates a ticket (<c>POST tickets</c>).</summary>
    /// <param name="request">The new ticket; <see cref="CreateTicketRequest.Subject"/> and <see cref="CreateTicketRequest.CustomerEmail"/> are required.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The created ticket.</returns>
    /// <exception cref="ArgumentException">A required field is missing.</exception>
    /// <exception cref="TixalloValidationException">The server refused a field.</exception>
    Task<Ticket> CreateAsync(CreateTicketRequest request, CancellationToken cancellationToken = default);

    /// <summary>Reads a ticket (<c>GET tickets/{ticket_id}</c>).</summary>
    /// <param name="ticketId">The ticket's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The ticket; a merged ticket has <see cref="Ticket.MergedIntoTicketId"/> set.</returns>
    /// <exception cref="TixalloNotFoundException">No such ticket in the key's workspace.</exception>
    Task<Ticket> GetAsync(string ticketId, CancellationToken cancellationToken = default);

    /// <summary>Lists tickets (<c>GET tickets</c>), fetching page after page by <c>next_cursor</c> as the caller enumerates.</summary>
    /// <param name="options">Filters and page size, or null for all tickets in pages of the server's default size.</param>
    /// <param name="cancellationToken">Cancels the enumeration, including a page fetch under way.</param>
    /// <returns>Every ticket that matches, in the server's order.</returns>
    IAsyncEnumerable<Ticket> ListAsync(ListTicketsOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists tickets (<c>GET tickets</c>) page by page (<c>next_cursor</c>), as the caller enumerates. Keep a page's
    /// <see cref="TixalloPage{T}.NextCursor"/> and pass it as <see cref="ListOptions.Cursor"/> to resume after it.
    /// </summary>
    /// <param name="options">Filters, page size and the cursor to start from, or null for all tickets from the first page.</param>
    /// <param name="cancellationToken">Cancels the enumeration, including a page fetch under way.</param>
    /// <returns>The pages, each with its items, its next cursor and its correlation id.</returns>
    IAsyncEnumerable<TixalloPage<Ticket>> ListPagesAsync(ListTicketsOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Changes a ticket (<c>PATCH tickets/{ticket_id}</c>); only the fields set on <paramref name="request"/> are sent.</summary>
    /// <param name="ticketId">The ticket's id.</param>
    /// <param name="request">The changes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The changed ticket.</returns>
    Task<Ticket> UpdateAsync(string ticketId, UpdateTicketRequest request, CancellationToken cancellationToken = default);

    /// <summary>Deletes a ticket (<c>DELETE tickets/{ticket_id}</c>).</summary>
    /// <param name="ticketId">The ticket's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the ticket is deleted.</returns>
    Task DeleteAsync(string ticketId, CancellationToken cancellationToken = default);

    /// <summary>Merges a ticket into another (<c>POST tickets/{ticket_id}/merge</c>).</summary>
    /// <param name="ticketId">The ticket to merge away.</param>
    /// <param name="targetTicketId">The ticket it is merged into.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The target ticket.</returns>
    Task<Ticket> MergeAsync(string ticketId, string targetTicketId, CancellationToken cancellationToken = default);
}
