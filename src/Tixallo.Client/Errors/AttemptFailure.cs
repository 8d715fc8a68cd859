using System.Security.Authentication;
using Polly.Timeout;
using Tixallo.Client.Http;

namespace Tixallo.Client.Errors;

/// <summary>How a failed attempt ended, as <see cref="AttemptFailures.Classify"/> reads its exception.</summary>
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

/// <summary>
/// The one reading of a failed attempt's exception: the retry rule and
/// <see cref="TixalloConnectionException.RequestMayHaveBeenProcessed"/> both take it from here.
/// </summary>
internal static class AttemptFailures
{
    public static AttemptFailure Classify(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is RequestBodyException)
            {
                return AttemptFailure.RequestBody;
            }

            if (e is AuthenticationException or HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError })
            {
                return AttemptFailure.Tls;
            }
        }

        return exception switch
        {
            HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } => AttemptFailure.NeverSent,
            HttpRequestException or IOException or TimeoutRejectedException => AttemptFailure.MayHaveBeenProcessed,
            _ => AttemptFailure.NotTransport,
        };
    }

    /// <summary>True when a failed attempt may have been applied by the server: the request was complete, and no answer came.</summary>
    public static bool MayHaveBeenProcessed(Exception? exception) => Classify(exception) == AttemptFailure.MayHaveBeenProcessed;

    /// <summary>What the caller's body stream threw, under the transport's wrapping; null when it was not that.</summary>
    public static Exception? RequestBodyFailure(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is RequestBodyException body)
            {
                return body.InnerException;
            }
        }

        return null;
    }
}
