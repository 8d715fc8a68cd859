namespace Tixallo.Client;

/// <summary>A ticket's status. A value the server sends that this SDK version does not know reads as <see cref="Unknown"/>.</summary>
public enum TicketStatus
{
    /// <summary>A status this SDK version does not know. Never sent to the server.</summary>
    Unknown = 0,

    /// <summary>Waiting for an agent.</summary>
    Open,

    /// <summary>Waiting for the customer.</summary>
    Pending,

    /// <summary>Solved; the customer may still reopen it.</summary>
    Solved,

    /// <summary>Closed for good.</summary>
    Closed,
}
