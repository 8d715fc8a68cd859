namespace Tixallo.Client.Resilience;

/// <summary>How a failed attempt ended, as <see cref="RetryPolicy.Classify"/> reads its exception.</summary>
internal enum AttemptFailure
{
    /// <summary>Not a transport failure: a user's handler refusing, a bug. Not retried.</summary>
    NotTransport = 0,

    /// <summary>The connection could not be made (name resolution, connect): no byte reached the server. Retried, POST too.</summary>
    NeverSent,

    /// <summary>The TLS handshake or the certificate failed: nothing the server could read was sent. Not retried: it does not heal.</summary>
    Tls,

    /// <summary>The caller's request body stream failed: the server never got a complete request. Not retried.</summary>
    RequestBody,

    /// <summary>The request was complete (or may have been), and the connection was lost or timed out before the answer.</summary>
    MayHaveBeenProcessed,
}
