using System.Text.Json;
using System.Text.RegularExpressions;

namespace Tixallo.Client.Testing;

/// <summary>
/// Reads a JSON request body field by field and collects Zod-style field errors, so one bad request reports
/// every bad field at once, as the live API does.
/// </summary>
internal sealed partial class RequestBody(JsonElement root)
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public static async Task<RequestBody> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? new RequestBody(document.RootElement.Clone())
                : throw new ApiFailureException(ApiFailure.InvalidJson());
        }
        catch (JsonException)
        {
            throw new ApiFailureException(ApiFailure.InvalidJson());
        }
    }

    public bool Has(string name) => root.TryGetProperty(name, out _);

    public string RequiredString(string name, int maxLength = 10_000)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return Fail(name, "Required", string.Empty);
        }

        // A value of the wrong type already has its error; an empty string gets one here.
        var text = OptionalString(name, maxLength) ?? string.Empty;
        return text.Length > 0 || value.ValueKind != JsonValueKind.String ? text : Fail(name, "String must contain at least 1 character(s)", text);
    }

    public string? OptionalString(string name, int maxLength = 10_000, bool nullable = false)
    {
        if (!root.TryGetProperty(name, out var value) || (nullable && value.ValueKind == JsonValueKind.Null))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            return Fail<string?>(name, $"Expected string, received {Describe(value)}", null);
        }

        var text = value.GetString()!;
        return text.Length <= maxLength ? text : Fail<string?>(name, $"String must contain at most {maxLength} character(s)", null);
    }

    public string RequiredEmail(string name)
    {
        var email = RequiredString(name, 254);
        return email.Length == 0 || EmailPattern().IsMatch(email) ? email : Fail(name, "Invalid email", email);
    }

    public string? OptionalEnum(string name, params string[] allowed)
    {
        var value = OptionalString(name);
        return value is null || allowed.Contains(value, StringComparer.Ordinal)
            ? value
            : Fail<string?>(name, $"Invalid enum value. Expected {string.Join(" | ", allowed.Select(a => $"'{a}'"))}, received '{value}'", null);
    }

    public bool? OptionalBool(string name) =>
        !root.TryGetProperty(name, out var value) ? null
        : value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean()
        : Fail<bool?>(name, $"Expected boolean, received {Describe(value)}", null);

    public List<string>? OptionalStringArray(string name)
    {
        if (!root.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(item => item.ValueKind != JsonValueKind.String))
        {
            return Fail<List<string>?>(name, "Expected array of strings", null);
        }

        return value.EnumerateArray().Select(item => item.GetString()!).ToList();
    }

    /// <summary>Throws the collected field errors as one 400, if there are any.</summary>
    public void ThrowIfInvalid()
    {
        if (_errors.Count > 0)
        {
            throw new ApiFailureException(ApiFailure.Invalid(_errors));
        }
    }

    private T Fail<T>(string name, string message, T fallback)
    {
        if (!_errors.TryGetValue(name, out var messages))
        {
            _errors[name] = messages = [];
        }

        messages.Add(message);
        return fallback;
    }

    private static string Describe(JsonElement value) => value.ValueKind.ToString().ToLowerInvariant();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();
}
