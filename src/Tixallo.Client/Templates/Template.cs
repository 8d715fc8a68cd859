namespace Tixallo.Client;

/// <summary>A reply template.</summary>
public sealed record Template
{
    /// <summary>The template's id (<c>tpl_…</c>).</summary>
    public string Id { get; init; } = string.Empty;

    /// <summary>The template's name.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>The subject line, if any.</summary>
    public string? Subject { get; init; }

    /// <summary>The template text.</summary>
    public string Body { get; init; } = string.Empty;

    /// <summary>When the template was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the template was last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
