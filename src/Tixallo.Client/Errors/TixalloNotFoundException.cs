using System.Net;
using Tixallo.Client.Errors;

namespace Tixallo.Client;

/// <summary>404 Not Found: the resource does not exist, or belongs to another workspace than the key's.</summary>
public class TixalloNotFoundException : TixalloApiException
{
    /// <summary>Creates the exception with a message, for example in a test double.</summary>
    /// <param name="message">What went wrong.</param>
    public TixalloNotFoundException(string message)
        : base(ApiError.FromMessage(HttpStatusCode.NotFound, message, ErrorCodes.NotFound))
    {
    }

    internal TixalloNotFoundException(ApiError error, Exception? innerException = null)
        : base(error, innerException)
    {
    }
}
