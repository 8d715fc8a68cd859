namespace Tixallo.Client;

/// <summary>The changes to a template. Only the properties that are not null are sent.</summary>
public sealed class UpdateTemplateRequest
{
    /// <summary>The new name, or null to leave it.</summary>
    public string? Name { get; init; }

    /// <summary>The new subject line, or null to leave it.</summary>
    public string? Subject { get; init; }

    /// <summary>The new text, or null to leave it.</summary>
    public string? Body { get; init; }
}
