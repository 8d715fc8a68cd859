using System.Net;
using Tixallo.Client.Errors;

namespace Tixallo.Client;

/// <summary>401 Unauthorized: the API key is missing, malformed or revoked.</summary>
public class TixalloAuthenticationException : TixalloApiException
{
    /// <summary>Creates the exception with a message, for example in a test double.</summary>
    /// <param name="message">What went wrong.</param>
    public TixalloAuthenticationException(string message)
        : base(ApiError.FromMessage(HttpStatusCode.Unauthorized, message, ErrorCodes.Unauthorized))
    {
    }

    internal TixalloAuthenticationException(ApiError error, Exception? innerException = null)
        : base(error, innerException)
    {
    }
}
