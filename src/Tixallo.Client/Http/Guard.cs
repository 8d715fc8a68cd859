namespace Tixallo.Client.Http;

/// <summary>Argument checks shared by the resource clients; each names the argument it refuses.</summary>
internal static class Guard
{
    public const int MaxPageSize = 100;

    /// <summary>Refuses a request whose required text property is missing.</summary>
    public static void Required(string? value, string property, string paramName)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{property} is required.", paramName);
        }
    }

    /// <summary>Refuses the <c>Unknown</c> value of an enum, which has no wire name.</summary>
    public static void Known<TEnum>(TEnum? value, string property, string paramName)
        where TEnum : struct, Enum
    {
        if (value is { } known && EqualityComparer<TEnum>.Default.Equals(known, default))
        {
            throw new ArgumentException($"{property} cannot be {known}: it has no wire value.", paramName);
        }
    }

    /// <summary>Refuses a page size outside 1 to <see cref="MaxPageSize"/>.</summary>
    public static void PageSize(ListOptions? options, string paramName)
    {
        if (options?.Limit is { } limit and (< 1 or > MaxPageSize))
        {
            throw new ArgumentOutOfRangeException(paramName, limit, $"Limit must be between 1 and {MaxPageSize}.");
        }
    }
}
