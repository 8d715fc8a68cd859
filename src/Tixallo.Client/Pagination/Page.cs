using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tixallo.Client.Pagination;

/// <summary>One page of a list response: <c>{"data": [...], "next_cursor": "…" | null}</c>. A page without data, or with a null item, is not one.</summary>
internal sealed class Page<T> : IJsonOnDeserialized
    where T : class
{
    [JsonRequired]
    public List<T> Data { get; init; } = [];

    public string? NextCursor { get; init; }

    void IJsonOnDeserialized.OnDeserialized()
    {
        if (Data is null || Data.Exists(item => item is null))
        {
            throw new JsonException("The page's data is null or holds a null item.");
        }
    }
}
