using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tixallo.Client.Serialization;

/// <summary>
/// Writes only the fields of an <see cref="UpdateTicketRequest"/> that were set, and an explicit null
/// <c>assignee_id</c> when the caller set it to null: a distinction the source generator cannot express.
/// </summary>
internal sealed class UpdateTicketRequestConverter : JsonConverter<UpdateTicketRequest>
{
    public override UpdateTicketRequest Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Update requests are only written.");

    public override void Write(Utf8JsonWriter writer, UpdateTicketRequest value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        if (value.Status is { } status)
        {
            writer.WriteString("status", TolerantEnumConverter<TicketStatus>.ToWire(status));
        }

        if (value.Priority is { } priority)
        {
            writer.WriteString("priority", TolerantEnumConverter<TicketPriority>.ToWire(priority));
        }

        if (value.IsAssigneeIdSet)
        {
            writer.WriteString("assignee_id", value.AssigneeId);
        }

        if (value.Tags is { } tags)
        {
            writer.WriteStartArray("tags");
            foreach (var tag in tags)
            {
                writer.WriteStringValue(tag);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }
}
