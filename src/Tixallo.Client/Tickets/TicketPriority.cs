namespace Tixallo.Client;

/// <summary>A ticket's priority. A value the server sends that this SDK version does not know reads as <see cref="Unknown"/>.</summary>
public enum TicketPriority
{
    /// <summary>A priority this SDK version does not know. Never sent to the server.</summary>
    Unknown = 0,

    /// <summary>Low priority.</summary>
    Low,

    /// <summary>Normal priority (the server's default).</summary>
    Normal,

    /// <summary>High priority.</summary>
    High,

    /// <summary>Urgent.</summary>
    Urgent,
}
