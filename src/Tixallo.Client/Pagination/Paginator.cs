using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization.Metadata;
using Tixallo.Client.Errors;
using Tixallo.Client.Http;
using Tixallo.Client.Transport;

namespace Tixallo.Client.Pagination;

/// <summary>
/// Enumerates a list endpoint page by page, fetching the next page only when the caller reaches it. A server that
/// sends a cursor seen before in the enumeration, or keeps sending empty pages that promise more, would be asked
/// forever: the enumeration stops with a typed error instead.
/// </summary>
internal static class Paginator
{
    /// <summary>How many empty pages in a row that still name a next cursor end the enumeration.</summary>
    public const int MaxEmptyPagesInARow = 5;

    /// <summary>Every item of every page, fetched page by page as the caller enumerates.</summary>
    public static async IAsyncEnumerable<T> ItemsAsync<T>(IAsyncEnumerable<TixalloPage<T>> pages, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class
    {
        await foreach (var page in pages.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            foreach (var item in page.Items)
            {
                yield return item;
            }
        }
    }

    /// <summary>The pages of a listing from <paramref name="cursor"/> (null for the first), fetched as the caller enumerates.</summary>
    public static async IAsyncEnumerable<TixalloPage<T>> PagesAsync<T>(
        TixalloTransport transport,
        string operation,
        string path,
        string? cursor,
        JsonTypeInfo<Page<T>> pageType,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (cursor is not null)
        {
            seen.Add(cursor);
        }

        var emptyInARow = 0;
        while (true)
        {
            var pagePath = path;
            ApiPath.AddQuery(ref pagePath, "cursor", cursor);
            var request = transport.Request(operation, HttpMethod.Get, pagePath);
            var page = await transport.SendAsync(request, pageType, static (page, correlationId) => new TixalloPage<T>(page.Data, page.NextCursor, correlationId), cancellationToken).ConfigureAwait(false);
            yield return page;
            if (page.NextCursor is not { } next)
            {
                yield break;
            }

            emptyInARow = page.Items.Count == 0 ? emptyInARow + 1 : 0;
            if (!seen.Add(next))
            {
                throw Failures.EndlessListing(page.CorrelationId, request.Attempts, $"The server sent next_cursor '{next}' a second time in this listing; stopping instead of looping forever.");
            }

            if (emptyInARow >= MaxEmptyPagesInARow)
            {
                throw Failures.EndlessListing(page.CorrelationId, request.Attempts, $"The server sent {emptyInARow} empty pages in a row that still promised more; stopping instead of asking forever.");
            }

            cursor = next;
        }
    }
}
