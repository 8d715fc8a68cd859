namespace Tixallo.Client.Testing;

/// <summary>The fake's switches, changed by tests while it runs; read on every request.</summary>
internal sealed class FakeSettings
{
    private volatile int _rateLimitPerMinute;
    private volatile int _attachmentTransfersPerHour;
    private volatile TixalloErrorShape _errorShape;

    public FakeSettings(TixalloFakeServerOptions options)
    {
        _rateLimitPerMinute = options.RateLimitPerMinute;
        _attachmentTransfersPerHour = options.AttachmentTransfersPerHour;
        _errorShape = options.ErrorShape;
        RateLimitWindow = options.RateLimitWindow > TimeSpan.Zero ? options.RateLimitWindow : throw new ArgumentOutOfRangeException(nameof(options), "RateLimitWindow must be positive.");
    }

    public TimeSpan RateLimitWindow { get; }

    public int RateLimitPerMinute { get => _rateLimitPerMinute; set => _rateLimitPerMinute = value; }

    public int AttachmentTransfersPerHour { get => _attachmentTransfersPerHour; set => _attachmentTransfersPerHour = value; }

    public TixalloErrorShape ErrorShape { get => _errorShape; set => _errorShape = value; }
}
