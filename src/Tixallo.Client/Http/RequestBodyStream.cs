namespace Tixallo.Client.Http;

/// <summary>
/// The caller's stream as a request body (an upload). A failure reading it is the caller's, not the network's: it is
/// thrown wrapped in <see cref="RequestBodyException"/>, so no layer takes it for a lost connection. Each read that
/// moves the body on restarts the attempt's silence timer (<see cref="Watch"/>), so an upload that progresses is
/// never cut by the attempt timeout. Seeking, for a retry's rewind, goes to the caller's stream.
/// </summary>
internal sealed class RequestBodyStream(Stream inner) : Stream
{
    private CancellationTokenSource? _silence;
    private TimeSpan _allowed;

    public override bool CanRead => true;

    public override bool CanSeek => inner.CanSeek;

    public override bool CanWrite => false;

    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => Guarded(() => inner.Position = value);
    }

    /// <summary>From now on each read that moves the body restarts <paramref name="silence"/>'s timer at <paramref name="allowed"/>; null stops it.</summary>
    public void Watch(CancellationTokenSource? silence, TimeSpan allowed)
    {
        _allowed = allowed;
        Volatile.Write(ref _silence, silence);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

#if NET
    public override int Read(Span<byte> buffer)
#else
    public int Read(Span<byte> buffer) // .NET Standard 2.0's Stream has no span overloads: the array ones above call these
#endif
    {
        int read;
        try
        {
            read = inner.Read(buffer);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new RequestBodyException(e);
        }

        return Moved(read);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

#if NET
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
#else
    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
#endif
    {
        int read;
        try
        {
            read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new RequestBodyException(e);
        }

        return Moved(read);
    }

    public override long Seek(long offset, SeekOrigin origin) => Guarded(() => inner.Seek(offset, origin));

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose(); // as the StreamContent it replaces did: the request owns the body
        }

        base.Dispose(disposing);
    }

    /// <summary>Runs an operation of the caller's stream (a rewind for a retry), its failure told apart as the caller's.</summary>
    private static T Guarded<T>(Func<T> operation)
    {
        try
        {
            return operation();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new RequestBodyException(e);
        }
    }

    private int Moved(int read)
    {
        if (read > 0 && Volatile.Read(ref _silence) is { } silence)
        {
            try
            {
                silence.CancelAfter(_allowed);
            }
            catch (ObjectDisposedException)
            {
                // The attempt is over; a late read restarts nothing.
            }
        }

        return read;
    }
}

/// <summary>Reading the caller's request body failed; <see cref="Exception.InnerException"/> is what the caller's stream threw.</summary>
internal sealed class RequestBodyException(Exception inner) : IOException("Reading the request body from the caller's stream failed: " + inner.Message, inner);
