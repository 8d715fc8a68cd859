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

    /// <summary>Refuses a page size outside 1 to <see cref="MaxPageSize"/>, and a cursor that is empty or only spaces.</summary>
    public static void ListOptions(ListOptions? options, string paramName)
    {
        if (options?.Limit is { } limit and (< 1 or > MaxPageSize))
        {
            throw new ArgumentOutOfRangeException(paramName, limit, $"Limit must be between 1 and {MaxPageSize}.");
        }

        if (options?.Cursor is { } cursor && string.IsNullOrWhiteSpace(cursor))
        {
            throw new ArgumentException("Cursor, when set, is a next_cursor the API sent: it cannot be empty.", paramName);
        }
    }

    /// <summary>Refuses a file name that is empty or holds control characters (a CR or LF would break the multipart header) or lone surrogates.</summary>
    public static void FileName(string? fileName, string paramName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName, paramName);
        if (fileName.Any(char.IsControl) || !IsWellFormed(fileName))
        {
            throw new ArgumentException("A file name cannot hold control characters (such as CR or LF) or unpaired surrogates.", paramName);
        }
    }

    /// <summary>True when every surrogate in <paramref name="text"/> is half of a pair: the text has a UTF-8 form.</summary>
    public static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
