using System.Text.Json.Serialization;
using Tixallo.Client.Pagination;

namespace Tixallo.Client.Serialization;

/// <summary>The source-generated JSON metadata for every wire type: snake_case, nulls omitted, unknown members skipped.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters =
    [
        typeof(TolerantEnumConverter<TicketStatus>),
        typeof(TolerantEnumConverter<TicketPriority>),
        typeof(TolerantEnumConverter<MessageAuthorType>),
        typeof(UpdateTicketRequestConverter),
    ])]
[JsonSerializable(typeof(Ticket))]
[JsonSerializable(typeof(Page<Ticket>))]
[JsonSerializable(typeof(CreateTicketRequest))]
[JsonSerializable(typeof(UpdateTicketRequest))]
[JsonSerializable(typeof(Tickets.MergeTicketRequest))]
[JsonSerializable(typeof(Message))]
[JsonSerializable(typeof(Page<Message>))]
[JsonSerializable(typeof(CreateMessageRequest))]
[JsonSerializable(typeof(Template))]
[JsonSerializable(typeof(Page<Template>))]
[JsonSerializable(typeof(CreateTemplateRequest))]
[JsonSerializable(typeof(UpdateTemplateRequest))]
[JsonSerializable(typeof(Attachment))]
internal sealed partial class TixalloJsonContext : JsonSerializerContext;
