using System.Net;
using Tixallo.Client.Errors;

namespace Tixallo.Client;

/// <summary>409 Conflict: the request collides with the resource's current state.</summary>
public class TixalloConflictException : TixalloApiException
{
    /// <summary>Creates the exception with a message, for example in a test double.</summary>
    /// <param name="message">What went wrong.</param>
    public TixalloConflictException(string message)
        : base(ApiError.FromMessage(HttpStatusCode.Conflict, message, ErrorCodes.Conflict))
    {
    }

    internal TixalloConflictException(ApiError error, Exception? innerException = null)
        : base(error, innerException)
    {
    }
}
