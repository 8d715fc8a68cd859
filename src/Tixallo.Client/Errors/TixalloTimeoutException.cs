namespace Tixallo.Client;

/// <summary>
/// The call ran out of time: <see cref="TixalloClientOptions.TotalTimeout"/> ended it, or its last attempt
/// exceeded <see cref="TixalloClientOptions.AttemptTimeout"/>. Never thrown for the caller's own cancellation.
/// </summary>
public class TixalloTimeoutException : TixalloConnectionException
{
    /// <summary>Creates the exception with a message and the timeout behind it.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The timeout that ended the call, if any.</param>
    public TixalloTimeoutException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    internal TixalloTimeoutException(string message, string? correlationId, int attempts, bool requestMayHaveBeenProcessed, Exception? innerException)
        : base(message, correlationId, attempts, requestMayHaveBeenProcessed, innerException)
    {
    }
}
