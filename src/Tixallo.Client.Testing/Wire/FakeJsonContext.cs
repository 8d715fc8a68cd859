using System.Text.Json.Serialization;

namespace Tixallo.Client.Testing.Wire;

/// <summary>Source-generated JSON for the fake's responses, snake_case like the real API.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(TicketDto))]
[JsonSerializable(typeof(PageDto<TicketDto>))]
[JsonSerializable(typeof(MessageDto))]
[JsonSerializable(typeof(PageDto<MessageDto>))]
[JsonSerializable(typeof(TemplateDto))]
[JsonSerializable(typeof(PageDto<TemplateDto>))]
[JsonSerializable(typeof(AttachmentDto))]
internal sealed partial class FakeJsonContext : JsonSerializerContext;
