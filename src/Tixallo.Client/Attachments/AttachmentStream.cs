using System.Net.Http.Headers;
using Tixallo.Client.Errors;
using Tixallo.Client.Platform;

namespace Tixallo.Client;

/// <summary>
/// An attachment's bytes as <see cref="IAttachmentsClient.DownloadAsync"/> downloads them: a read-only stream over the network,
/// not buffered, with what the response said about the file. A read that gets no byte for
/// <see cref="TixalloClientOptions.AttemptTimeout"/> ends with <see cref="TixalloTimeoutException"/>; a connection
/// lost mid-way with <see cref="TixalloConnectionException"/>, both with the call's correlation id. Dispose it to
/// release the connection.
/// </summary>
public sealed class AttachmentStream : Stream
{
    private readonly Stream _body;
    private readonly HttpResponseMessage _response;
    private readonly TimeSpan _idleTimeout;
    private readonly TimeProvider _timeProvider;
    private readonly int _attempts;

    internal AttachmentStream(Stream body, HttpResponseMessage response, string correlationId, int attempts, TimeSpan idleTimeout, TimeProvider timeProvider)
    {
        _body = body;
        _response = response;
        _attempts = attempts;
        _idleTimeout = idleTimeout;
        _timeProvider = timeProvider;
        CorrelationId = correlationId;
        var headers = response.Content.Headers;
        ContentType = headers.ContentType?.ToString();
        ContentLength = headers.ContentLength;
        FileName = FileNameOf(headers.ContentDisposition);
    }

    /// <summary>The stored media type the server sent (<c>Content-Type</c>), e.g. <c>image/png</c>; null when it sent none.</summary>
    public string? ContentType { get; }

    /// <summary>The file's length in bytes, when the server sent <c>Content-Length</c>.</summary>
    public long? ContentLength { get; }

    /// <summary>The file's name, when the server sent one in <c>Content-Disposition</c>.</summary>
    public string? FileName { get; }

    /// <summary>The call's <c>x-correlation-id</c>: the one the server echoed, else the one sent.</summary>
    public string CorrelationId { get; }

    /// <inheritdoc />
    public override bool CanRead => true;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => false;

    /// <summary>Not supported: the length is <see cref="ContentLength"/>, when known.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override long Length => throw new NotSupportedException("The stream cannot seek; see ContentLength.");

    /// <summary>Not supported.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <inheritdoc />
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0027", Justification = "Both ReadAsync overloads are Stream's, with Stream's parameters.")]
#if NET
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
#else
    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) // .NET Standard 2.0's Stream has no memory overloads: the array one calls this
#endif
    {
        using var idle = Timers.CancelAfter(_idleTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, idle.Token);
        try
        {
            return await _body.ReadAsync(buffer, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested && idle.IsCancellationRequested)
        {
            throw Failures.DownloadStalled(CorrelationId, _attempts, _idleTimeout, e);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            throw Failure(e);
        }
    }

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Reads synchronously, without the idle timeout (a blocking read cannot be timed out without a thread); prefer <see cref="ReadAsync(Memory{byte}, CancellationToken)"/>.</summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="offset">Where in <paramref name="buffer"/> the first byte goes.</param>
    /// <param name="count">The most bytes to read.</param>
    /// <returns>The number of bytes read; 0 at the end of the file.</returns>
    public override int Read(byte[] buffer, int offset, int count)
    {
        try
        {
            return _body.Read(buffer, offset, count);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            throw Failure(e);
        }
    }

    /// <summary>Not supported.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <summary>Not supported.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Not supported.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"AttachmentStream {{ FileName = {FileName ?? "(none)"}, ContentType = {ContentType ?? "(none)"}, ContentLength = {ContentLength?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(unknown)"}, CorrelationId = {CorrelationId} }}";

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _body.Dispose();
            _response.Dispose();
        }

        base.Dispose(disposing);
    }

    private TixalloConnectionException Failure(Exception e) => Failures.DownloadBrokeOff(CorrelationId, _attempts, e);

    private static string? FileNameOf(ContentDispositionHeaderValue? disposition)
    {
        var name = disposition?.FileNameStar ?? disposition?.FileName;
        return string.IsNullOrEmpty(name) ? null : name.Trim('"');
    }
}
