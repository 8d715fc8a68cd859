using System.Net;
using Tixallo.Client.Errors;
using Tixallo.Client.Platform;

namespace Tixallo.Client;

/// <summary>The request failed validation (400 with field details today, 422 when the API adopts it). See <see cref="TixalloApiException.FieldErrors"/> and <see cref="TixalloApiException.FormErrors"/>.</summary>
public class TixalloValidationException : TixalloBadRequestException
{
    /// <summary>Creates the exception with a message, for example in a test double.</summary>
    /// <param name="message">What went wrong.</param>
    public TixalloValidationException(string message)
        : base(ApiError.FromMessage(HttpNames.UnprocessableEntity, message, ErrorCodes.ValidationError))
    {
    }

    internal TixalloValidationException(ApiError error, Exception? innerException = null)
        : base(error, innerException)
    {
    }
}
