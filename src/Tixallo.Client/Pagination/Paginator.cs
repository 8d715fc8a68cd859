using System.Runtime.CompilerServices;
using System.Text.Json.Serialization.Metadata;
using Tixallo.Client.Http;

namespace Tixallo.Client.Pagination;

/// <summary>Enumerates a list endpoint page by page, fetching the next page only when the caller reaches it.</summary>
internal static class Paginator
{
    public static async IAsyncEnumerable<T> ListAsync<T>(
        TixalloTransport transport,
        string operation,
        string path,
        JsonTypeInfo<Page<T>> pageType,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? cursor = null;
        do
        {
            var pagePath = path;
            ApiPath.AddQuery(ref pagePath, "cursor", cursor);
            var page = await transport.SendAsync(new ApiRequest(operation, HttpMethod.Get, pagePath), pageType, cancellationToken)
                .ConfigureAwait(false);
            foreach (var item in page.Data ?? [])
            {
                yield return item;
            }

            if (page.NextCursor is not null && page.NextCursor == cursor)
            {
                throw new TixalloApiException(new ApiError
                {
                    StatusCode = System.Net.HttpStatusCode.OK,
                    ErrorCode = ErrorCodes.InvalidResponse,
                    Message = "The server returned the same next_cursor twice; stopping instead of looping forever.",
                });
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);
    }
}
