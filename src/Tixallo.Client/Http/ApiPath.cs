namespace Tixallo.Client.Http;

/// <summary>Builds relative request paths with every id escaped into exactly one path segment.</summary>
internal static class ApiPath
{
    /// <summary>
    /// Checks an id and escapes it: <c>a/b?x=1</c> stays one segment; <c>.</c> and <c>..</c> are refused, and so are
    /// unpaired surrogates, which have no UTF-8 form (escaping would silently turn them into U+FFFD, another id).
    /// </summary>
    public static string Segment(string? id, string paramName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id, paramName);
        if (id is "." or "..")
        {
            // Dot segments are resolved away by URI normalisation even when percent-encoded.
            throw new ArgumentException($"'{id}' is not a valid id.", paramName);
        }

        if (!Guard.IsWellFormed(id))
        {
            throw new ArgumentException("An id cannot hold unpaired surrogates.", paramName);
        }

        return Uri.EscapeDataString(id);
    }

    /// <summary>Adds a query parameter when it has a value.</summary>
    public static void AddQuery(ref string path, string name, string? value)
    {
        if (value is null)
        {
            return;
        }

        path += (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + name + "=" + Uri.EscapeDataString(value);
    }
}
