namespace Tixallo.Client;

/// <summary>
/// The call got no usable response: the connection failed or was reset, or the response could not be read.
/// <see cref="Exception.InnerException"/> holds the last transport error.
/// </summary>
public class TixalloConnectionException : TixalloException
{
    /// <summary>Creates the exception with a message and the transport error behind it.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The last transport error, if any.</param>
    public TixalloConnectionException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{base.ToString()}{Environment.NewLine}  CorrelationId: {CorrelationId ?? "(none)"}{Environment.NewLine}  Attempts: {Attempts}";
}
