namespace Tixallo.Client.Testing;

/// <summary>Settings of a <see cref="TixalloFakeServer"/>.</summary>
public sealed class TixalloFakeServerOptions
{
    /// <summary>The port on 127.0.0.1; 0 (the default) picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>Requests per <see cref="RateLimitWindow"/> (a minute by default) per API key before 429, as the API's 60 by default. Lower it to test rate limiting.</summary>
    public int RateLimitPerMinute { get; set; } = 60;

    /// <summary>The window the per-key limit counts in: a minute, as the API's, by default. A short one (say 2 s) lets a test exercise a whole budget in seconds.</summary>
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Attachment uploads and downloads per workspace per hour before 429. Default 100.</summary>
    public int AttachmentTransfersPerHour { get; set; } = 100;

    /// <summary>The error body shape the server answers with. Default <see cref="TixalloErrorShape.Legacy"/>, the live one.</summary>
    public TixalloErrorShape ErrorShape { get; set; } = TixalloErrorShape.Legacy;

    /// <summary>The server's clock: timestamps, rate-limit windows and injected delays. Tests pass a fake one.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
