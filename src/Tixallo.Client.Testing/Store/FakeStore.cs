using Tixallo.Client.Testing.Wire;

namespace Tixallo.Client.Testing.Store;

/// <summary>
/// The fake's data, per workspace, behind one lock. Every lookup is scoped to the caller's workspace, so another
/// workspace's id answers 404 as the API documents.
/// </summary>
internal sealed class FakeStore(TimeProvider clock)
{
    private readonly object _gate = new();
    private readonly SortedDictionary<string, Owned<TicketDto>> _tickets = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, Owned<MessageDto>> _messages = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, Owned<TemplateDto>> _templates = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (Owned<AttachmentDto> Meta, byte[] Bytes)> _attachments = new(StringComparer.Ordinal);
    private int _sequence;

    public TicketDto CreateTicket(string workspace, string subject, string customerEmail, string? description, string? priority, IReadOnlyList<string>? tags)
    {
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            var ticket = new TicketDto(NewId("tkt"), workspace, subject, description, "open", priority ?? "normal", customerEmail, null, tags ?? [], null, now, now);
            _tickets[ticket.Id] = new(workspace, ticket);
            return ticket;
        }
    }

    public TicketDto GetTicket(string workspace, string id)
    {
        lock (_gate)
        {
            return Ticket(workspace, id);
        }
    }

    public PageDto<TicketDto> ListTickets(string workspace, string? status, int offset, int limit)
    {
        lock (_gate)
        {
            return Page(_tickets.Values.Where(t => t.Workspace == workspace && (status is null || t.Value.Status == status)).Select(t => t.Value), offset, limit);
        }
    }

    public TicketDto UpdateTicket(string workspace, string id, Func<TicketDto, TicketDto> change)
    {
        lock (_gate)
        {
            var updated = change(Ticket(workspace, id)) with { UpdatedAt = clock.GetUtcNow() };
            _tickets[id] = new(workspace, updated);
            return updated;
        }
    }

    public void DeleteTicket(string workspace, string id)
    {
        lock (_gate)
        {
            Ticket(workspace, id);
            _tickets.Remove(id);
            foreach (var message in _messages.Values.Where(m => m.Value.TicketId == id).ToList())
            {
                _messages.Remove(message.Value.Id);
            }
        }
    }

    public TicketDto MergeTicket(string workspace, string id, string targetId)
    {
        lock (_gate)
        {
            var source = Ticket(workspace, id);
            var target = Ticket(workspace, targetId);
            if (source.MergedIntoTicketId is not null)
            {
                throw new ApiFailureException(ApiFailure.Merged(id));
            }

            if (id == targetId || target.MergedIntoTicketId is not null)
            {
                throw new ApiFailureException(ApiFailure.Invalid(new Dictionary<string, List<string>>
                {
                    ["target_ticket_id"] = [id == targetId ? "Cannot merge a ticket into itself" : "Target ticket has been merged"],
                }));
            }

            var now = clock.GetUtcNow();
            _tickets[id] = new(workspace, source with { MergedIntoTicketId = targetId, Status = "closed", UpdatedAt = now });
            return target;
        }
    }

    public MessageDto AddMessage(string workspace, string ticketId, string body, string authorType, bool isInternal)
    {
        lock (_gate)
        {
            if (Ticket(workspace, ticketId).MergedIntoTicketId is not null)
            {
                throw new ApiFailureException(ApiFailure.Merged(ticketId));
            }

            var message = new MessageDto(NewId("msg"), ticketId, body, authorType, isInternal, clock.GetUtcNow());
            _messages[message.Id] = new(workspace, message);
            return message;
        }
    }

    public PageDto<MessageDto> ListMessages(string workspace, string ticketId, int offset, int limit)
    {
        lock (_gate)
        {
            Ticket(workspace, ticketId);
            return Page(_messages.Values.Where(m => m.Value.TicketId == ticketId).Select(m => m.Value), offset, limit);
        }
    }

    public TemplateDto CreateTemplate(string workspace, string name, string? subject, string body)
    {
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            var template = new TemplateDto(NewId("tpl"), name, subject, body, now, now);
            _templates[template.Id] = new(workspace, template);
            return template;
        }
    }

    public TemplateDto GetTemplate(string workspace, string id)
    {
        lock (_gate)
        {
            return Template(workspace, id);
        }
    }

    public PageDto<TemplateDto> ListTemplates(string workspace, int offset, int limit)
    {
        lock (_gate)
        {
            return Page(_templates.Values.Where(t => t.Workspace == workspace).Select(t => t.Value), offset, limit);
        }
    }

    public TemplateDto UpdateTemplate(string workspace, string id, string? name, string? subject, string? body)
    {
        lock (_gate)
        {
            var current = Template(workspace, id);
            var updated = current with
            {
                Name = name ?? current.Name,
                Subject = subject ?? current.Subject,
                Body = body ?? current.Body,
                UpdatedAt = clock.GetUtcNow(),
            };
            _templates[id] = new(workspace, updated);
            return updated;
        }
    }

    public void DeleteTemplate(string workspace, string id)
    {
        lock (_gate)
        {
            Template(workspace, id);
            _templates.Remove(id);
        }
    }

    public AttachmentDto AddAttachment(string workspace, string ticketId, string fileName, string contentType, byte[] bytes)
    {
        lock (_gate)
        {
            Ticket(workspace, ticketId);
            var attachment = new AttachmentDto(NewId("att"), ticketId, fileName, contentType, bytes.LongLength, clock.GetUtcNow());
            _attachments[attachment.Id] = (new(workspace, attachment), bytes);
            return attachment;
        }
    }

    public (AttachmentDto Meta, byte[] Bytes) GetAttachment(string workspace, string id)
    {
        lock (_gate)
        {
            return _attachments.TryGetValue(id, out var stored) && stored.Meta.Workspace == workspace
                ? (stored.Meta.Value, stored.Bytes)
                : throw new ApiFailureException(ApiFailure.NotFound("attachment", id));
        }
    }

    private TicketDto Ticket(string workspace, string id) =>
        _tickets.TryGetValue(id, out var ticket) && ticket.Workspace == workspace
            ? ticket.Value
            : throw new ApiFailureException(ApiFailure.NotFound("ticket", id));

    private TemplateDto Template(string workspace, string id) =>
        _templates.TryGetValue(id, out var template) && template.Workspace == workspace
            ? template.Value
            : throw new ApiFailureException(ApiFailure.NotFound("template", id));

    private string NewId(string prefix) => $"{prefix}_{++_sequence:D6}";

    private static PageDto<T> Page<T>(IEnumerable<T> items, int offset, int limit)
    {
        var window = items.Skip(offset).Take(limit + 1).ToList();
        var more = window.Count > limit;
        return new PageDto<T>(window.Take(limit).ToList(), more ? (offset + limit).ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
    }

    private sealed record Owned<T>(string Workspace, T Value);
}
