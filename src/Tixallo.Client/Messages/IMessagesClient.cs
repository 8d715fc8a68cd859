namespace Tixallo.Client;

/// <summary>Messages on tickets: add and list. Mock this interface to test code that uses it.</summary>
public interface IMessagesClient
{
    /// <summary>Adds a message to a ticket (<c>POST tickets/{ticket_id}/messages</c>).</summary>
    /// <param name="ticketId">The ticket's id.</param>
    /// <param name="request">The message; <see cref="CreateMessageRequest.Body"/> is required.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The created message.</returns>
    /// <exception cref="TixalloTicketMergedException">
    /// The ticket was merged (409), and <see cref="TixalloClientOptions.FollowMergedTickets"/> is off, or the merge
    /// chain loops or is too long to follow.
    /// </exception>
    Task<Message> CreateAsync(string ticketId, CreateMessageRequest request, CancellationToken cancellationToken = default);

    /// <summary>Lists a ticket's messages (<c>GET tickets/{ticket_id}/messages</c>), page after page as the caller enumerates.</summary>
    /// <param name="ticketId">The ticket's id.</param>
    /// <param name="options">The page size, or null for the server's default.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>Every message of the ticket, in the server's order.</returns>
    IAsyncEnumerable<Message> ListAsync(string ticketId, ListOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists a ticket's messages (<c>GET tickets/{ticket_id}/messages</c>) page by page (<c>next_cursor</c>), as the caller enumerates. Keep a page's
    /// <see cref="TixalloPage{T}.NextCursor"/> and pass it as <see cref="ListOptions.Cursor"/> to resume after it.
    /// </summary>
    /// <param name="ticketId">The ticket's id.</param>
    /// <param name="options">The page size and the cursor to start from, or null for the first page.</param>
    /// <param name="cancellationToken">Cancels the enumeration, including a page fetch under way.</param>
    /// <returns>The pages, each with its items, its next cursor and its correlation id.</returns>
    IAsyncEnumerable<TixalloPage<Message>> ListPagesAsync(string ticketId, ListOptions? options = null, CancellationToken cancellationToken = default);
}
