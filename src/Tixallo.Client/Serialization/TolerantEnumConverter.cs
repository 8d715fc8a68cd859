using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tixallo.Client.Serialization;

/// <summary>
/// Reads an enum from its snake_case name and maps any name it does not know to the enum's default
/// (<c>Unknown</c>) instead of throwing, as the wire contract asks (JsonStringEnumConverter throws).
/// </summary>
internal sealed class TolerantEnumConverter<TEnum> : JsonConverter<TEnum>
    where TEnum : struct, Enum
{
    // Each member's wire name as UTF-8, matched on the reader's bytes without making a string (what the API sends),
    // and without underscores, for any other spelling of it.
    private static readonly (byte[] Wire, string Compact, TEnum Value)[] Members =
        [.. Enum.GetValues<TEnum>().Select(value => (System.Text.Encoding.UTF8.GetBytes(ToWire(value)), value.ToString(), value))];

    public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return default;
        }

        foreach (var member in Members)
        {
            if (reader.ValueTextEquals(member.Wire))
            {
                return member.Value;
            }
        }

        // Another casing, or no underscores ("InProgress", "IN_PROGRESS"); anything else is the default.
        var compact = reader.GetString()?.Replace("_", string.Empty);
        foreach (var member in Members)
        {
            if (string.Equals(member.Compact, compact, StringComparison.OrdinalIgnoreCase))
            {
                return member.Value;
            }
        }

        return default;
    }

    public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
        writer.WriteStringValue(ToWire(value));

    /// <summary>The snake_case wire name of a value.</summary>
    public static string ToWire(TEnum value) => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
