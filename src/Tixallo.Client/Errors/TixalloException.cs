namespace Tixallo.Client;

/// <summary>
/// Base type of every exception the SDK throws for a failed call. Catch this type to handle any
/// Tixallo failure; catch a subtype to handle one class of failure.
/// </summary>
/// <remarks>Cancellation by the caller's token is not a failure: it surfaces as <see cref="OperationCanceledException"/>.</remarks>
public abstract class TixalloException : Exception
{
    /// <summary>Creates the exception with a message and an optional inner exception.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    protected TixalloException(string message, Exception? innerException = null)
        : this(message, correlationId: null, attempts: 0, innerException)
    {
    }

    /// <summary>Creates the exception with everything known about the failed call.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="correlationId">The call's <c>x-correlation-id</c>: the one the server echoed, else the one sent.</param>
    /// <param name="attempts">How many HTTP attempts the call made.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    private protected TixalloException(string message, string? correlationId, int attempts, Exception? innerException)
        : base(message, innerException)
    {
        CorrelationId = correlationId;
        Attempts = attempts;
    }

    /// <summary>
    /// The <c>x-correlation-id</c> of the call: the one the server echoed, else the one the client sent.
    /// Hand it to Tixallo support. Set on every exception the SDK throws for a call.
    /// </summary>
    public string? CorrelationId { get; }

    /// <summary>How many HTTP attempts the call made before it failed (1 when it was not retried; 0 when nothing was sent).</summary>
    public int Attempts { get; }
}
