namespace Tixallo.Client.Http;

/// <summary>Reads a response body into memory inside an attempt, so a body cut off mid-way is a retriable failure.</summary>
internal static class ResponseBuffer
{
#if NET9_0_OR_GREATER
    public static Task LoadAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        response.Content.LoadIntoBufferAsync(cancellationToken);
#else
    public static async Task LoadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var original = response.Content;
        var length = original.Headers.ContentLength;
        using var buffer = new MemoryStream(length is > 0 and <= int.MaxValue ? (int)length.Value : 0);
        using (var stream = await original.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false))
        {
            await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        }

        // HttpContent.LoadIntoBufferAsync takes no CancellationToken before .NET 9, so net8.0 copies here.
        var buffered = new ByteArrayContent(buffer.GetBuffer(), 0, (int)buffer.Length);
        foreach (var header in original.Headers.NonValidated)
        {
            if (!header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        response.Content = buffered;
        original.Dispose();
    }
#endif
}
