namespace Tixallo.Client.Http;

/// <summary>The <c>x-correlation-id</c> header: generating and checking ids.</summary>
internal static class CorrelationIds
{
    public const string HeaderName = "x-correlation-id";

    public const int MaxLength = 256;

    /// <summary>
    /// A new id: 128 random bits as 32 lowercase hex digits. A correlation id must be unique, not secret, so it comes
    /// from <c>Random.Shared</c>: Guid.NewGuid reads the OS's secure random source, a system call per id.
    /// </summary>
    public static string New() => string.Create(32, 0, static (digits, _) =>
    {
        Span<byte> random = stackalloc byte[16];
#pragma warning disable RS0030 // Random.Shared is banned elsewhere: correlation ids are one of its two owners
        Random.Shared.NextBytes(random);
#pragma warning restore RS0030
#if NET9_0_OR_GREATER
        Convert.TryToHexStringLower(random, digits, out _);
#else
        // Convert.TryToHexStringLower is .NET 9+; a number's "x16" formatting parses its format string on every call.
        for (var i = 0; i < random.Length; i++)
        {
            digits[2 * i] = HexDigits[random[i] >> 4];
            digits[(2 * i) + 1] = HexDigits[random[i] & 0xF];
        }
#endif
    });

#if !NET9_0_OR_GREATER
    private const string HexDigits = "0123456789abcdef";
#endif

    /// <summary>True for an id that can travel as a header value: 1 to 256 visible ASCII characters or spaces, not only spaces.</summary>
    public static bool IsValid(string? correlationId)
    {
        if (string.IsNullOrWhiteSpace(correlationId) || correlationId.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in correlationId)
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Refuses an id that cannot travel as a header value, naming <paramref name="paramName"/>.</summary>
    public static string Validate(string? correlationId, string paramName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(correlationId, paramName);
        return IsValid(correlationId)
            ? correlationId
            : throw new ArgumentException($"A correlation id is 1 to {MaxLength} visible ASCII characters or spaces (no control characters).", paramName);
    }
}
