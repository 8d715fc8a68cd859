using System.Globalization;
using Tixallo.Client.Http;
using Tixallo.Client.Pagination;
using Tixallo.Client.Serialization;
using Tixallo.Client.Transport;
using Tixallo.Client.Platform;

namespace Tixallo.Client.Tickets;

/// <summary>The HTTP implementation of <see cref="ITicketsClient"/>.</summary>
internal sealed class TicketsClient(TixalloTransport transport) : ITicketsClient
{
    private static readonly TixalloJsonContext Json = TixalloJsonContext.Default;

    public Task<Ticket> CreateAsync(CreateTicketRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        Guard.Required(request.Subject, nameof(request.Subject), nameof(request));
        Guard.Required(request.CustomerEmail, nameof(request.CustomerEmail), nameof(request));
        Guard.Known(request.Priority, nameof(request.Priority), nameof(request));
        var call = transport.Request("tickets.create", HttpMethod.Post, "tickets", JsonBody.Create(request, Json.CreateTicketRequest));
        return transport.SendAsync(call, Json.Ticket, cancellationToken);
    }

    public Task<Ticket> GetAsync(string ticketId, CancellationToken cancellationToken = default) =>
        transport.SendAsync(transport.Request("tickets.get", HttpMethod.Get, "tickets/" + ApiPath.Segment(ticketId, nameof(ticketId))), Json.Ticket, cancellationToken);

    public IAsyncEnumerable<Ticket> ListAsync(ListTicketsOptions? options = null, CancellationToken cancellationToken = default) =>
        Paginator.ItemsAsync(ListPagesAsync(options, cancellationToken), cancellationToken);

    public IAsyncEnumerable<TixalloPage<Ticket>> ListPagesAsync(ListTicketsOptions? options = null, CancellationToken cancellationToken = default)
    {
        Guard.ListOptions(options, nameof(options));
        Guard.Known(options?.Status, nameof(options.Status), nameof(options));
        var path = "tickets";
        ApiPath.AddQuery(ref path, "status", options?.Status is { } status ? TolerantEnumConverter<TicketStatus>.ToWire(status) : null);
        ApiPath.AddQuery(ref path, "limit", options?.Limit?.ToString(CultureInfo.InvariantCulture));
        return Paginator.PagesAsync(transport, "tickets.list", path, options?.Cursor, Json.PageTicket, cancellationToken);
    }

    public Task<Ticket> UpdateAsync(string ticketId, UpdateTicketRequest request, CancellationToken cancellationToken = default)
    {
        var path = "tickets/" + ApiPath.Segment(ticketId, nameof(ticketId));
        ArgumentNullException.ThrowIfNull(request);
        Guard.Known(request.Status, nameof(request.Status), nameof(request));
        Guard.Known(request.Priority, nameof(request.Priority), nameof(request));
        var call = transport.Request("tickets.update", HttpNames.Patch, path, JsonBody.Create(request, Json.UpdateTicketRequest));
        return transport.SendAsync(call, Json.Ticket, cancellationToken);
    }

    public Task DeleteAsync(string ticketId, CancellationToken cancellationToken = default) =>
        transport.SendAsync(transport.Request("tickets.delete", HttpMethod.Delete, "tickets/" + ApiPath.Segment(ticketId, nameof(ticketId))), cancellationToken);

    public Task<Ticket> MergeAsync(string ticketId, string targetTicketId, CancellationToken cancellationToken = default)
    {
        var path = "tickets/" + ApiPath.Segment(ticketId, nameof(ticketId)) + "/merge";
        ApiPath.Segment(targetTicketId, nameof(targetTicketId));
        var call = transport.Request("tickets.merge", HttpMethod.Post, path, JsonBody.Create(new MergeTicketRequest(targetTicketId), Json.MergeTicketRequest));
        return transport.SendAsync(call, Json.Ticket, cancellationToken);
    }
}
