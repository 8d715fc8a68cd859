namespace Tixallo.Client;

/// <summary>One page of a listing, as <c>ListPagesAsync</c> hands it back: its items, and the cursor to keep to resume after it.</summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class TixalloPage<T>
{
    /// <summary>Creates a page, for example in a test double of a resource client.</summary>
    /// <param name="items">The page's items.</param>
    /// <param name="nextCursor">The cursor of the next page, or null on the last page.</param>
    /// <param name="correlationId">The <c>x-correlation-id</c> of the response that carried the page.</param>
    public TixalloPage(IReadOnlyList<T> items, string? nextCursor, string correlationId)
    {
        ArgumentNullException.ThrowIfNull(items);
        Items = items;
        NextCursor = nextCursor;
        CorrelationId = correlationId;
    }

    /// <summary>The page's items, in the server's order.</summary>
    public IReadOnlyList<T> Items { get; }

    /// <summary>
    /// The cursor of the next page, or null when this is the last. Keep it, and pass it as <see cref="ListOptions.Cursor"/>
    /// to resume the listing after this page.
    /// </summary>
    public string? NextCursor { get; }

    /// <summary>The <c>x-correlation-id</c> of the response that carried this page.</summary>
    public string CorrelationId { get; }
}
