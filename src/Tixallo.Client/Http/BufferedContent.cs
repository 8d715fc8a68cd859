using System.Buffers;
using System.Net;

namespace Tixallo.Client.Http;

/// <summary>
/// A response body read into a pooled buffer inside the attempt, never past a limit: the limit is checked against
/// <c>Content-Length</c> before reading and against the bytes (after decompression) while reading. Written by hand
/// because <see cref="HttpContent.LoadIntoBufferAsync(long)"/> reports its limit as a plain
/// <see cref="HttpRequestException"/>, indistinguishable from a lost connection, and keeps no pooled buffer.
/// The buffer goes back to the pool when the content is disposed (the retry strategy disposes a retried response).
/// </summary>
internal sealed class BufferedContent : HttpContent
{
    private const int InitialUnknownLength = 4096;
    private const int MaxArrayLength = 0x7FFFFFC7; // Array.MaxLength, which .NET Standard 2.0 does not name

    private byte[] _buffer;
    private int _length;

    private BufferedContent(in PooledBody body)
    {
        _buffer = body.Buffer;
        _length = body.Length;
        ContentType = body.ContentType;
    }

    /// <summary>The bytes read.</summary>
    public ReadOnlyMemory<byte> Bytes => _buffer.AsMemory(0, _length);

    /// <summary>The original <c>Content-Type</c> as sent, unparsed (parsing it costs a header object per call; the charset is read from it only when needed).</summary>
    public string? ContentType { get; }

    /// <summary>The encoding the <c>Content-Type</c>'s <c>charset</c> names; UTF-8 when it names none or one this runtime does not know.</summary>
    public System.Text.Encoding Encoding => ResponseHeaders.EncodingOf(ContentType);

    /// <summary>
    /// Reads a successful body as <see cref="ReadBodyAsync"/> does, refused over <paramref name="limit"/>, into content that
    /// gives the buffer back to the pool when it is disposed (the retry strategy disposes a retried response, the
    /// transport the one it answers with). A body already at hand (a buffered handler's) completes without a task allocated.
    /// </summary>
    public static async ValueTask<BufferedContent> ReadAsync(HttpContent content, long limit, CancellationToken cancellationToken) =>
        new(await ReadBodyAsync(content, limit, truncate: false, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// Reads <paramref name="content"/> into a pooled buffer, at most <paramref name="limit"/> bytes, then disposes it.
    /// Over the limit, <paramref name="truncate"/> keeps the first <paramref name="limit"/> bytes; otherwise the body is
    /// unusable (<see cref="ResponseBodyException"/>), as is one not in its <c>Content-Encoding</c> (which, truncated, reads as empty).
    /// A transport failure mid-body (<see cref="IOException"/>, <see cref="HttpRequestException"/>) propagates: the attempt failed.
    /// The buffer is the caller's to give back (<see cref="PooledBody.Return"/>). A <see cref="ValueTask{TResult}"/>: a body
    /// already at hand (a buffered handler's) completes without a task allocated.
    /// </summary>
    public static async ValueTask<PooledBody> ReadBodyAsync(HttpContent content, long limit, bool truncate, CancellationToken cancellationToken)
    {
#if NET
        var contentType = content.Headers.NonValidated.TryGetValues("Content-Type", out var values) ? values.ToString() : null;
#else
        var contentType = content.Headers.TryGetValues("Content-Type", out var values) ? string.Join(", ", values) : null;
#endif
        var declared = content.Headers.ContentLength;
        if (declared > limit && !truncate)
        {
            content.Dispose();
            throw ResponseBodyException.TooLarge(declared);
        }

        // One byte past the limit tells a body that went on from one that just fits.
        var cap = (int)Math.Min(limit + 1, MaxArrayLength);
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(cap, declared is >= 0 ? declared.Value + 1 : InitialUnknownLength));
        var length = 0;
        try
        {
            using (content)
            {
                using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                int read;
                while ((read = await stream.ReadAsync(buffer.AsMemory(length, Math.Min(buffer.Length, cap) - length), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    length += read;
                    if (length == cap || length == declared)
                    {
                        break; // past the limit, or all the body Content-Length announced: no read for an end that is known
                    }

                    if (length == buffer.Length)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(cap, (long)buffer.Length * 2));
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException)
        {
            // gzip and deflate report a body that is not in its Content-Encoding as InvalidDataException, brotli as InvalidOperationException.
            ArrayPool<byte>.Shared.Return(buffer);
            return truncate ? new PooledBody([], 0, contentType, IsTruncated: false) : throw ResponseBodyException.Unreadable(e);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        if (length < declared && length <= limit)
        {
            // Fewer bytes than Content-Length announced: the connection ended mid-body, a transport failure to retry.
            ArrayPool<byte>.Shared.Return(buffer);
            throw new IOException($"The response body ended after {length} of the {declared} bytes its Content-Length announced.");
        }

        if (length <= limit)
        {
            return new PooledBody(buffer, length, contentType, IsTruncated: false);
        }

        if (truncate)
        {
            return new PooledBody(buffer, (int)limit, contentType, IsTruncated: true);
        }

        ArrayPool<byte>.Shared.Return(buffer);
        throw ResponseBodyException.TooLarge(declared ?? length);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        stream.WriteAsync(Bytes).AsTask();

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }

    protected override Task<Stream> CreateContentReadStreamAsync() =>
        Task.FromResult<Stream>(new MemoryStream(_buffer, 0, _length, writable: false));

    protected override void Dispose(bool disposing)
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        _length = 0;
        base.Dispose(disposing);
    }
}

/// <summary>A body read into a pooled buffer (<see cref="BufferedContent.ReadBodyAsync"/>): its holder gives the buffer back.</summary>
/// <param name="Buffer">The pooled buffer; empty when nothing was kept.</param>
/// <param name="Length">How many of its bytes are the body's.</param>
/// <param name="ContentType">The original <c>Content-Type</c> as sent, unparsed.</param>
/// <param name="IsTruncated">True when the body went on past the limit: only its first bytes were kept.</param>
internal readonly record struct PooledBody(byte[] Buffer, int Length, string? ContentType, bool IsTruncated)
{
    /// <summary>The bytes read.</summary>
    public ReadOnlyMemory<byte> Bytes => Buffer.AsMemory(0, Length);

    /// <summary>Gives the buffer back to the pool; the body is not read after this.</summary>
    public void Return()
    {
        if (Buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(Buffer);
        }
    }
}

/// <summary>A successful body the client cannot use: longer than its limit, or not in its <c>Content-Encoding</c> (the inner exception).</summary>
internal sealed class ResponseBodyException : Exception
{
    private ResponseBodyException(string message, bool isTooLarge, long? length, Exception? inner)
        : base(message, inner)
    {
        IsTooLarge = isTooLarge;
        Length = length;
    }

    /// <summary>True when the body was over the limit; false when it could not be decoded.</summary>
    public bool IsTooLarge { get; }

    /// <summary>The body's length when known: the <c>Content-Length</c> sent, or the bytes read past the limit.</summary>
    public long? Length { get; }

    public static ResponseBodyException TooLarge(long? length) => new("The response body is over the limit.", isTooLarge: true, length, null);

    public static ResponseBodyException Unreadable(Exception inner) => new("The response body is not in its Content-Encoding.", isTooLarge: false, null, inner);
}
