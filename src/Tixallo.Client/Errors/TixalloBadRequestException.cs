using System.Net;
using Tixallo.Client.Errors;

namespace Tixallo.Client;

/// <summary>400 Bad Request: the request was malformed. Fix it before sending it again; it is never retried.</summary>
public class TixalloBadRequestException : TixalloApiException
{
    /// <summary>Creates the exception with a message, for example in a test double.</summary>
    /// <param name="message">What went wrong.</param>
    public TixalloBadRequestException(string message)
        : base(ApiError.FromMessage(HttpStatusCode.BadRequest, message, ErrorCodes.BadRequest))
    {
    }

    internal TixalloBadRequestException(ApiError error, Exception? innerException = null)
        : base(error, innerException)
    {
    }
}
