namespace Tixallo.Client;

/// <summary>Page size for a list call. The list is still read to its end, page by page, as it is enumerated.</summary>
public class ListOptions
{
    /// <summary>How many items to fetch per page (1 to 100); the server's default when null.</summary>
    public int? Limit { get; init; }
}
