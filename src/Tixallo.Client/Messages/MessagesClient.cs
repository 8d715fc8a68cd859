using System.Globalization;
using Tixallo.Client.Errors;
using Tixallo.Client.Http;
using Tixallo.Client.Pagination;
using Tixallo.Client.Serialization;
using Tixallo.Client.Transport;

namespace Tixallo.Client.Messages;

/// <summary>The HTTP implementation of <see cref="IMessagesClient"/>, with the documented recovery from merged tickets.</summary>
internal sealed class MessagesClient(TixalloTransport transport, ITicketsClient tickets, bool followMergedTickets) : IMessagesClient
{
    /// <summary>The longest merge chain followed before giving up.</summary>
    public const int MaxMergeHops = 10;

    private static readonly TixalloJsonContext Json = TixalloJsonContext.Default;

    public Task<Message> CreateAsync(string ticketId, CreateMessageRequest request, CancellationToken cancellationToken = default)
    {
        ApiPath.Segment(ticketId, nameof(ticketId));
        ArgumentNullException.ThrowIfNull(request);
        Guard.Required(request.Body, nameof(request.Body), nameof(request));
        Guard.Known(request.AuthorType, nameof(request.AuthorType), nameof(request));
        return followMergedTickets
            ? CreateFollowingMergesAsync(ticketId, request, cancellationToken)
            : PostAsync(ticketId, request, cancellationToken);
    }

    public IAsyncEnumerable<Message> ListAsync(string ticketId, ListOptions? options = null, CancellationToken cancellationToken = default) =>
        Paginator.ItemsAsync(ListPagesAsync(ticketId, options, cancellationToken), cancellationToken);

    public IAsyncEnumerable<TixalloPage<Message>> ListPagesAsync(string ticketId, ListOptions? options = null, CancellationToken cancellationToken = default)
    {
        var path = "tickets/" + ApiPath.Segment(ticketId, nameof(ticketId)) + "/messages";
        Guard.ListOptions(options, nameof(options));
        ApiPath.AddQuery(ref path, "limit", options?.Limit?.ToString(CultureInfo.InvariantCulture));
        return Paginator.PagesAsync(transport, "messages.list", path, options?.Cursor, Json.PageMessage, cancellationToken);
    }

    private async Task<Message> PostAsync(string ticketId, CreateMessageRequest request, CancellationToken cancellationToken)
    {
        var call = transport.Request("messages.create", HttpMethod.Post, "tickets/" + ApiPath.Segment(ticketId, nameof(ticketId)) + "/messages", JsonBody.Create(request, Json.CreateMessageRequest));
        try
        {
            return await transport.SendAsync(call, Json.Message, cancellationToken).ConfigureAwait(false);
        }
        catch (TixalloConflictException conflict) when (conflict is not TixalloTicketMergedException { TicketId: not null })
        {
            // The API's one documented 409 on adding a message: the ticket was merged.
            throw Failures.TicketMerged(conflict, ticketId);
        }
    }

    /// <summary>On 409, reads the ticket and posts to the one it was merged into, hop by hop.</summary>
    private async Task<Message> CreateFollowingMergesAsync(string ticketId, CreateMessageRequest request, CancellationToken cancellationToken)
    {
        var chain = new List<string> { ticketId };
        while (true)
        {
            var current = chain[^1];
            try
            {
                return await PostAsync(current, request, cancellationToken).ConfigureAwait(false);
            }
            catch (TixalloTicketMergedException merged)
            {
                var ticket = await tickets.GetAsync(current, cancellationToken).ConfigureAwait(false);
                if (ticket.MergedIntoTicketId is not { Length: > 0 } next)
                {
                    throw;
                }

                var loops = chain.Contains(next, StringComparer.Ordinal);
                if (loops || chain.Count > MaxMergeHops)
                {
                    chain.Add(next);
                    var why = loops ? "The merge chain loops" : $"The merge chain is longer than {MaxMergeHops} tickets";
                    throw Failures.MergeChainNotFollowed(merged, ticketId, why, chain);
                }

                chain.Add(next);
            }
        }
    }
}
