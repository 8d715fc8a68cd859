namespace Tixallo.Client;

/// <summary>Who wrote a message. A value the server sends that this SDK version does not know reads as <see cref="Unknown"/>.</summary>
public enum MessageAuthorType
{
    /// <summary>An author type this SDK version does not know. Never sent to the server.</summary>
    Unknown = 0,

    /// <summary>A support agent.</summary>
    Agent,

    /// <summary>The customer.</summary>
    Customer,
}
