namespace Tixallo.Client.Pagination;

/// <summary>One page of a list response: <c>{"data": [...], "next_cursor": "…" | null}</c>.</summary>
internal sealed class Page<T>
{
    public List<T>? Data { get; init; }

    public string? NextCursor { get; init; }
}
