namespace Tixallo.Client;

/// <summary>Page size for a list call. The list is still read to its end, page by page, as it is enumerated.</summary>
public class ListOptions
{
    /// <summary>How many items to fetch per page (1 to 100); the server's default when null.</summary>
    public int? Limit { get; init; }

    /// <summary>
    /// Where to start: a <see cref="TixalloPage{T}.NextCursor"/> you kept, to pick up a listing where it stopped (after
    /// a 429, a deploy, a crash); null for the first page.
    /// </summary>
    public string? Cursor { get; init; }
}
