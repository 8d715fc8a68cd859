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
}
