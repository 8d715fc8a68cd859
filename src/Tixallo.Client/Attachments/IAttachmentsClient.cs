namespace Tixallo.Client;

/// <summary>Files attached to tickets: upload, metadata and download. Mock this interface to test code that uses it.</summary>
public interface IAttachmentsClient
{
    /// <summary>
    /// Uploads a file to a ticket (<c>POST tickets/{ticket_id}/attachments</c>, <c>multipart/form-data</c>, one part
    /// named <c>file</c>). The content is streamed, not copied into memory. A seekable stream is rewound for a
    /// retry; a stream that cannot seek is sent once and never retried. The stream stays the caller's to dispose.
    /// </summary>
    /// <param name="ticketId">The ticket's id.</param>
    /// <param name="content">The file's bytes, read from the current position.</param>
    /// <param name="fileName">The file's name.</param>
    /// <param name="contentType">The file's media type, e.g. <c>image/png</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored attachment's metadata.</returns>
    /// <exception cref="TixalloRateLimitException">The workspace's hourly upload limit was reached.</exception>
    Task<Attachment> UploadAsync(string ticketId, Stream content, string fileName, string contentType, CancellationToken cancellationToken = default);

    /// <summary>Reads an attachment's metadata (<c>GET attachments/{attachment_id}</c>).</summary>
    /// <param name="attachmentId">The attachment's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The attachment's metadata.</returns>
    Task<Attachment> GetAsync(string attachmentId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Downloads an attachment's bytes (<c>GET attachments/{attachment_id}/content</c>) as a stream read from the
    /// network as the caller reads it, not buffered in memory, with the stored content type, the length and the file
    /// name the server sent. Dispose the stream to release the connection. An error answer is read and thrown like
    /// any call's, within the call's timeouts; a read that stalls for <see cref="TixalloClientOptions.AttemptTimeout"/>
    /// ends with <see cref="TixalloTimeoutException"/>.
    /// </summary>
    /// <param name="attachmentId">The attachment's id.</param>
    /// <param name="cancellationToken">Cancels the call until the response headers arrive; pass a token to each read after that.</param>
    /// <returns>The file's bytes, as a <see cref="Stream"/> that also says what the file is.</returns>
    Task<AttachmentStream> DownloadAsync(string attachmentId, CancellationToken cancellationToken = default);
}
