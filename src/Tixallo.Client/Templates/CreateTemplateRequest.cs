namespace Tixallo.Client;

/// <summary>A new reply template. <see cref="Name"/> and <see cref="Body"/> are required.</summary>
public sealed class CreateTemplateRequest
{
    /// <summary>The template's name. Required.</summary>
    public string? Name { get; init; }

    /// <summary>The subject line, if any.</summary>
    public string? Subject { get; init; }

    /// <summary>The template text. Required.</summary>
    public string? Body { get; init; }
}
