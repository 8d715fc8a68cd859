namespace Tixallo.Client;

/// <summary>The Tixallo API, one property per resource. Mock one resource interface to test code that uses it.</summary>
public interface ITixalloClient
{
    /// <summary>Tickets: create, get, list, update, delete, merge.</summary>
    ITicketsClient Tickets { get; }

    /// <summary>Messages on tickets: add, list.</summary>
    IMessagesClient Messages { get; }

    /// <summary>Reply templates: create, get, list, update, delete.</summary>
    ITemplatesClient Templates { get; }

    /// <summary>Attachments: upload, metadata, download.</summary>
    IAttachmentsClient Attachments { get; }
}
