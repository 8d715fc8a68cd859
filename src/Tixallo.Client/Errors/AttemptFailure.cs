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

            if (e is AuthenticationException || IsSecureConnectionError(e))
            {
                return AttemptFailure.Tls;
            }
        }

        return exception switch
        {
            HttpRequestException http when IsConnectionNeverMade(http) => AttemptFailure.NeverSent,
            HttpRequestException or IOException or TimeoutRejectedException => AttemptFailure.MayHaveBeenProcessed,
            _ => AttemptFailure.NotTransport,
        };
    }

#if NET
    private static bool IsSecureConnectionError(Exception e) =>
        e is HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError };

    private static bool IsConnectionNeverMade(HttpRequestException e) =>
        e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError;
#else
    // .NET Framework has no HttpRequestError: its handler says what failed in the status of a WebException under the
    // HttpRequestException, Mono's (and .NET Core's, on this target) in a SocketException's error code.
    private static bool IsSecureConnectionError(Exception e) =>
        e is System.Net.WebException { Status: System.Net.WebExceptionStatus.SecureChannelFailure or System.Net.WebExceptionStatus.TrustFailure };

    private static bool IsConnectionNeverMade(HttpRequestException http)
    {
        for (Exception? e = http.InnerException; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case System.Net.WebException { Status: System.Net.WebExceptionStatus.ConnectFailure or System.Net.WebExceptionStatus.NameResolutionFailure or System.Net.WebExceptionStatus.ProxyNameResolutionFailure }:
                case System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionRefused or System.Net.Sockets.SocketError.HostNotFound or System.Net.Sockets.SocketError.HostUnreachable or System.Net.Sockets.SocketError.NetworkUnreachable or System.Net.Sockets.SocketError.TryAgain or System.Net.Sockets.SocketError.NoData }:
                    return true;
            }
        }

        return false;
    }
#endif

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
