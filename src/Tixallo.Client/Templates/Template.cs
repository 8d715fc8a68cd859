using System.Text.Json.Serialization;
using Tixallo.Client.Serialization;

namespace Tixallo.Client;

/// <summary>A reply template.</summary>
public sealed record Template : IJsonOnDeserialized
{
    /// <summary>The template's id (<c>tpl_…</c>).</summary>
    [JsonRequired]
    public string Id { get; init; } = string.Empty;

    /// <summary>The template's name.</summary>
    [JsonRequired]
    public string Name { get; init; } = string.Empty;

    /// <summary>The subject line, if any.</summary>
    public string? Subject { get; init; }

    /// <summary>The template text.</summary>
    [JsonRequired]
    public string Body { get; init; } = string.Empty;

    /// <summary>When the template was created.</summary>
    [JsonRequired]
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the template was last changed.</summary>
    [JsonRequired]
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Refuses a response that sent a required field as null: this type promises it is not.</summary>
    void IJsonOnDeserialized.OnDeserialized()
    {
        RequiredField.NotNull(Id, "id");
        RequiredField.NotNull(Name, "name");
        RequiredField.NotNull(Body, "body");
    }
}
