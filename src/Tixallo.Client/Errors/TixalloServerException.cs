using System.Net;
using Tixallo.Client.Errors;

namespace Tixallo.Client;

/// <summary>5xx: the server failed. The client has already retried it with backoff; <see cref="TixalloException.Attempts"/> says how often.</summary>
public class TixalloServerException : TixalloApiException
{
    /// <summary>Creates the exception with a message, for example in a test double.</summary>
    /// <param name="message">What went wrong.</param>
    public TixalloServerException(string message)
        : base(ApiError.FromMessage(HttpStatusCode.InternalServerError, message, ErrorCodes.ServerError))
    {
    }

    internal TixalloServerException(ApiError error, Exception? innerException = null)
        : base(error, innerException)
    {
    }
}
