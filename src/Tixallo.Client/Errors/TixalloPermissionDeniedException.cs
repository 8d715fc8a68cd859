using System.Net;
using Tixallo.Client.Errors;

namespace Tixallo.Client;

/// <summary>403 Forbidden: the key is valid but not allowed to do this (wrong workspace or role).</summary>
public class TixalloPermissionDeniedException : TixalloApiException
{
    /// <summary>Creates the exception with a message, for example in a test double.</summary>
    /// <param name="message">What went wrong.</param>
    public TixalloPermissionDeniedException(string message)
        : base(ApiError.FromMessage(HttpStatusCode.Forbidden, message, ErrorCodes.Forbidden))
    {
    }

    internal TixalloPermissionDeniedException(ApiError error, Exception? innerException = null)
        : base(error, innerException)
    {
    }
}
