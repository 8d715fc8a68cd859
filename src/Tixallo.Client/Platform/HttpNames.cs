using System.Net;

namespace Tixallo.Client.Platform;

/// <summary>The status codes and method the API uses that .NET Standard 2.0's enums and <see cref="HttpMethod"/> do not name.</summary>
internal static class HttpNames
{
    /// <summary>422 Unprocessable Content.</summary>
    public const HttpStatusCode UnprocessableEntity = (HttpStatusCode)422;

    /// <summary>429 Too Many Requests.</summary>
    public const HttpStatusCode TooManyRequests = (HttpStatusCode)429;

    /// <summary>PATCH.</summary>
#if NET
    public static HttpMethod Patch => HttpMethod.Patch;
#else
    public static readonly HttpMethod Patch = new("PATCH");
#endif
}
