using System.Net;

namespace Tixallo.Client.Tests.Errors;

public class TixalloExceptionFactoryTests
{
    private static IEnumerable<TestCaseData> Subtypes()
    {
        yield return new TestCaseData(HttpStatusCode.BadRequest, null, null, typeof(TixalloBadRequestException), "bad_request");
        yield return new TestCaseData(HttpStatusCode.BadRequest, true, null, typeof(TixalloValidationException), "validation_error");
        yield return new TestCaseData((HttpStatusCode)422, null, null, typeof(TixalloValidationException), "validation_error");
        yield return new TestCaseData(HttpStatusCode.Unauthorized, null, null, typeof(TixalloAuthenticationException), "unauthorized");
        yield return new TestCaseData(HttpStatusCode.Forbidden, null, null, typeof(TixalloPermissionDeniedException), "forbidden");
        yield return new TestCaseData(HttpStatusCode.NotFound, null, null, typeof(TixalloNotFoundException), "not_found");
        yield return new TestCaseData(HttpStatusCode.Conflict, null, null, typeof(TixalloConflictException), "conflict");
        yield return new TestCaseData(HttpStatusCode.Conflict, null, "tkt_old", typeof(TixalloTicketMergedException), "ticket_merged");
        yield return new TestCaseData(HttpStatusCode.TooManyRequests, null, null, typeof(TixalloRateLimitException), "rate_limited");
        yield return new TestCaseData(HttpStatusCode.BadGateway, null, null, typeof(TixalloServerException), "server_error");
        yield return new TestCaseData((HttpStatusCode)418, null, null, typeof(TixalloApiException), "http_418");
    }

    [TestCaseSource(nameof(Subtypes))]
    public void ApiException_IsTheSubtypeTheSdkWouldThrow(HttpStatusCode status, bool? withFieldErrors, string? ticketId, Type expected, string errorCode)
    {
        var error = TixalloExceptionFactory.ApiException(
            status,
            fieldErrors: withFieldErrors is true ? new Dictionary<string, IReadOnlyList<string>> { ["customer_email"] = ["Invalid email"] } : null,
            ticketId: ticketId);

        Assert.That(error, Is.TypeOf(expected));
        Assert.That(error.ErrorCode, Is.EqualTo(errorCode));
        Assert.That(error.Message, Does.Contain(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public void ApiException_CarriesEveryPropertyGiven()
    {
        var error = TixalloExceptionFactory.ApiException(
            HttpStatusCode.TooManyRequests,
            message: "slow down",
            errorCode: "rate_limited",
            fieldErrors: new Dictionary<string, IReadOnlyList<string>> { ["f"] = ["e"] },
            formErrors: ["whole"],
            localizationKey: "api-errors.rateLimitExceeded",
            localizationParams: new Dictionary<string, string> { ["limit"] = "60" },
            errorShape: TixalloErrorShape.Localized,
            rawBody: new string('x', TixalloApiException.MaxRawBodyLength + 1),
            retryAfter: TimeSpan.FromSeconds(30),
            limit: 60,
            window: TimeSpan.FromMinutes(1),
            correlationId: "corr-7",
            attempts: 3);

        var limited = (TixalloRateLimitException)error;
        Assert.Multiple(() =>
        {
            Assert.That(limited.Message, Is.EqualTo("slow down"));
            Assert.That(limited.FieldErrors["f"], Is.EqualTo(new[] { "e" }));
            Assert.That(limited.FormErrors, Is.EqualTo(new[] { "whole" }));
            Assert.That(limited.LocalizationKey, Is.EqualTo("api-errors.rateLimitExceeded"));
            Assert.That(limited.LocalizationParams["limit"], Is.EqualTo("60"));
            Assert.That(limited.ErrorShape, Is.EqualTo(TixalloErrorShape.Localized));
            Assert.That(limited.RawBody, Has.Length.EqualTo(TixalloApiException.MaxRawBodyLength));
            Assert.That(limited.IsRawBodyTruncated, Is.True);
            Assert.That(limited.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(limited.Limit, Is.EqualTo(60));
            Assert.That(limited.Window, Is.EqualTo(TimeSpan.FromMinutes(1)));
            Assert.That(limited.CorrelationId, Is.EqualTo("corr-7"));
            Assert.That(limited.Attempts, Is.EqualTo(3));
        });
    }

    [Test]
    public void TicketMerged_HasItsTicketId()
    {
        var merged = (TixalloTicketMergedException)TixalloExceptionFactory.ApiException(HttpStatusCode.Conflict, ticketId: "tkt_old", correlationId: "c");

        Assert.That(merged.TicketId, Is.EqualTo("tkt_old"));
    }

    [Test]
    public void ConnectionAndTimeout_CarryTheirProperties()
    {
        var inner = new HttpRequestException("reset");
        var connection = TixalloExceptionFactory.ConnectionException("lost", inner, requestMayHaveBeenProcessed: true, correlationId: "c1", attempts: 5);
        var timeout = TixalloExceptionFactory.TimeoutException(correlationId: "c2", attempts: 2);

        Assert.That((connection.Message, connection.InnerException, connection.RequestMayHaveBeenProcessed, connection.CorrelationId, connection.Attempts),
            Is.EqualTo(("lost", (Exception)inner, true, "c1", 5)));
        Assert.That(timeout, Is.InstanceOf<TixalloConnectionException>());
        Assert.That((timeout.RequestMayHaveBeenProcessed, timeout.CorrelationId, timeout.Attempts), Is.EqualTo((true, "c2", 2)));
    }
}
