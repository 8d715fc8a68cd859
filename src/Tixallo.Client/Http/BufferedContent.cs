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

    private byte[] _buffer;
    private int _length;

    private BufferedContent(byte[] buffer, int length, string? charset)
    {
        _buffer = buffer;
        _length = length;
        Charset = charset;
    }

    /// <summary>The bytes read.</summary>
    public ReadOnlyMemory<byte> Bytes => _buffer.AsMemory(0, _length);

    /// <summary>The <c>charset</c> the original <c>Content-Type</c> named, if any.</summary>
    public string? Charset { get; }

    /// <summary>True when the body went on past the limit: only its first bytes were kept (<see cref="ReadAsync"/> with truncation).</summary>
    public bool IsTruncated { get; private init; }

    /// <summary>True when the body was longer than the limit and truncation was not allowed: nothing was kept.</summary>
    public bool IsTooLarge { get; private init; }

    /// <summary>The body's length when known: the <c>Content-Length</c> sent, or the bytes read past the limit so far.</summary>
    public long? DeclaredLength { get; private init; }

    /// <summary>Why the body could not be read as bytes (a <c>Content-Encoding</c> over bytes that are not in it), or null.</summary>
    public Exception? ReadError { get; private init; }

    /// <summary>
    /// Reads <paramref name="content"/> into a pooled buffer, at most <paramref name="limit"/> bytes, then disposes it.
    /// Over the limit, <paramref name="truncate"/> keeps the first <paramref name="limit"/> bytes; otherwise nothing is kept.
    /// A transport failure mid-body (<see cref="IOException"/>, <see cref="HttpRequestException"/>) propagates: the attempt failed.
    /// </summary>
    public static async Task<BufferedContent> ReadAsync(HttpContent content, long limit, bool truncate, CancellationToken cancellationToken)
    {
        var charset = content.Headers.ContentType?.CharSet;
        var declared = content.Headers.ContentLength;
        if (declared > limit && !truncate)
        {
            content.Dispose();
            return new BufferedContent([], 0, charset) { IsTooLarge = true, DeclaredLength = declared };
        }

        // One byte past the limit tells a body that went on from one that just fits.
        var cap = (int)Math.Min(limit + 1, Array.MaxLength);
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
                    if (length == cap)
                    {
                        break;
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
            return new BufferedContent([], 0, charset) { ReadError = e };
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        if (length <= limit)
        {
            return new BufferedContent(buffer, length, charset);
        }

        if (truncate)
        {
            return new BufferedContent(buffer, (int)limit, charset) { IsTruncated = true };
        }

        ArrayPool<byte>.Shared.Return(buffer);
        return new BufferedContent([], 0, charset) { IsTooLarge = true, DeclaredLength = declared ?? length };
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
