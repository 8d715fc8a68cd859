using System.Net;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Tixallo.Client.Errors;

namespace Tixallo.Client.Tests.Errors;

/// <summary>Random statuses and bodies: the decoder always returns the status's exception type and never throws.</summary>
public class ErrorDecoderPropertyTests
{
    private static readonly int[] Statuses = [400, 401, 403, 404, 405, 408, 409, 410, 418, 422, 429, 500, 501, 502, 503, 504, 599];

    private static readonly string[] Fragments =
    [
        "{", "}", "[", "]", ",", ":", "\"", "\"error\"", "\"details\"", "\"fieldErrors\"", "\"formErrors\"", "\"code\"",
        "\"message\"", "\"key\"", "\"params\"", "\"fallbackMessage\"", "\"limit\"", "\"window_seconds\"", "null", "true",
        "42", "-1e999", "\"x\"", "\"\\u0000\"", "\\", "é", "\uD83D\uDE00", "<html>", " ",
    ];

    [Test]
    public void Decode_AnyStatusAndBody_ReturnsTheStatusTypeAndNeverThrows()
    {
        var bodies = Gen.OneOf(
            Gen.Elements(Fragments).ArrayOf().Select(parts => Encoding.UTF8.GetBytes(string.Concat(parts))),
            ArbMap.Default.GeneratorFor<byte[]>());
        var cases = Gen.Elements(Statuses).Zip(bodies);

        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var (status, body) = c;
            var error = ErrorDecoder.Decode((HttpStatusCode)status, new HttpResponseMessage().Headers, Encoding.UTF8, body, false,
                new ErrorContext("corr", 1, DateTimeOffset.UnixEpoch));
            var expected = ExpectedType(status);
            return (expected.IsInstanceOfType(error) || error.ErrorCode == "ticket_merged")
                && (int)error.StatusCode == status
                && Encoding.UTF8.GetString(body).StartsWith(error.RawBody, StringComparison.Ordinal)
                && error.Message.Length > 0
                && error.FieldErrors is not null;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(1_000));
    }

    private static Type ExpectedType(int status) => status switch
    {
        400 => typeof(TixalloBadRequestException),
        401 => typeof(TixalloAuthenticationException),
        403 => typeof(TixalloPermissionDeniedException),
        404 => typeof(TixalloNotFoundException),
        409 => typeof(TixalloConflictException),
        422 => typeof(TixalloValidationException),
        429 => typeof(TixalloRateLimitException),
        >= 500 => typeof(TixalloServerException),
        _ => typeof(TixalloApiException),
    };
}
