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

    /// <summary>
    /// A view of this client whose calls use <paramref name="options"/> (timeouts, retries, correlation id, merges,
    /// extra headers); every setting left null falls back to this client's. The view shares this client's connections
    /// and pipeline, costs nothing per call, and needs no disposing. A view's deadline ends a call with
    /// <see cref="TixalloTimeoutException"/>, not your <see cref="OperationCanceledException"/>.
    /// </summary>
    /// <param name="options">The settings for the view's calls.</param>
    /// <returns>The view.</returns>
    /// <exception cref="ArgumentException">A setting is out of range, or a header may not be set per call; the message names it.</exception>
    ITixalloClient WithOptions(TixalloRequestOptions options);
}
