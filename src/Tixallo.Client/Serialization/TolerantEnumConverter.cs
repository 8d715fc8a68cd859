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
    public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return default;
        }

        var name = reader.GetString();
        return !string.IsNullOrEmpty(name)
            && char.IsAsciiLetter(name[0])
            && Enum.TryParse<TEnum>(name.Replace("_", string.Empty), ignoreCase: true, out var value)
            && Enum.IsDefined(value)
                ? value
                : default;
    }

    public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
        writer.WriteStringValue(ToWire(value));

    /// <summary>The snake_case wire name of a value.</summary>
    public static string ToWire(TEnum value) => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
