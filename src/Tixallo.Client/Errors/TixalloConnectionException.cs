namespace Tixallo.Client;

/// <summary>
/// The call got no usable response: the connection failed or was reset, the response could not be read, or a
/// handler of yours refused the request (a circuit breaker, a bulkhead). <see cref="Exception.InnerException"/>
/// holds the last such error.
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

    internal TixalloConnectionException(string message, string? correlationId, int attempts, bool requestMayHaveBeenProcessed, Exception? innerException)
        : base(message, correlationId, attempts, innerException)
    {
        RequestMayHaveBeenProcessed = requestMayHaveBeenProcessed;
    }

    /// <summary>
    /// True when the server may have applied the request although no answer came back: the last attempt timed out,
    /// or its connection failed after the request was sent. For a POST (create, add message, merge, upload) the
    /// outcome is unknown: look before you send it again. False when the server never got a complete request: the
    /// connection or the TLS handshake failed, your upload stream threw (it is the <see cref="Exception.InnerException"/>),
    /// or a handler of yours refused the request.
    /// </summary>
    public bool RequestMayHaveBeenProcessed { get; }

    /// <inheritdoc />
    public override string ToString() =>
        $"{base.ToString()}{Environment.NewLine}  CorrelationId: {CorrelationId ?? "(none)"}{Environment.NewLine}  Attempts: {Attempts}" +
        $"{Environment.NewLine}  RequestMayHaveBeenProcessed: {RequestMayHaveBeenProcessed}";
}
