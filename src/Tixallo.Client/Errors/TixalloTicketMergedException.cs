using System.Net;
using System.Text;
using Tixallo.Client.Errors;

namespace Tixallo.Client;

/// <summary>
/// 409 because the ticket was merged into another one (for example when adding a message to it), or any
/// error whose envelope code is <c>ticket_merged</c>. Read the ticket to find <see cref="Ticket.MergedIntoTicketId"/>,
/// or set <see cref="TixalloClientOptions.FollowMergedTickets"/> to let the client follow merges itself.
/// </summary>
public class TixalloTicketMergedException : TixalloConflictException
{
    /// <summary>Creates the exception for a ticket, for example in a test double.</summary>
    /// <param name="ticketId">The merged ticket the request was aimed at.</param>
    /// <param name="message">What went wrong.</param>
    public TixalloTicketMergedException(string? ticketId, string message)
        : base(new ApiError
        {
            StatusCode = HttpStatusCode.Conflict,
            ErrorCode = ErrorCodes.TicketMerged,
            Message = message,
            Specifics = new ErrorSpecifics { TicketId = ticketId },
        })
    {
    }

    internal TixalloTicketMergedException(ApiError error, Exception? innerException = null)
        : base(error, innerException)
    {
    }

    /// <summary>The id of the merged ticket the request was aimed at, when known.</summary>
    public string? TicketId => Error.TicketId;

    private protected override void AppendDetails(StringBuilder text)
    {
        base.AppendDetails(text);
        text.Append("  TicketId: ").Append(TicketId ?? "(unknown)").AppendLine();
    }
}
