using System.Net;
using System.Text;
using Tixallo.Client.Errors;
using Tixallo.Client.Http;

namespace Tixallo.Client.Tests.Errors;

public class ErrorDecoderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private static readonly (int Status, Type Type, string Code)[] StatusTable =
    [
        (400, typeof(TixalloBadRequestException), "bad_request"),
        (401, typeof(TixalloAuthenticationException), "unauthorized"),
        (403, typeof(TixalloPermissionDeniedException), "forbidden"),
        (404, typeof(TixalloNotFoundException), "not_found"),
        (409, typeof(TixalloConflictException), "conflict"),
        (422, typeof(TixalloValidationException), "validation_error"),
        (429, typeof(TixalloRateLimitException), "rate_limited"),
        (500, typeof(TixalloServerException), "server_error"),
        (502, typeof(TixalloServerException), "server_error"),
        (503, typeof(TixalloServerException), "server_error"),
        (504, typeof(TixalloServerException), "server_error"),
    ];

    private static readonly (string Name, string Body, TixalloErrorShape Shape, string? Message)[] ShapeTable =
    [
        ("legacy", """{"error": "Something broke"}""", TixalloErrorShape.Legacy, "Something broke"),
        ("envelope", """{"error": {"code": "some_code", "message": "Something broke"}}""", TixalloErrorShape.Envelope, "Something broke"),
        ("localized", """{"key": "api-errors.something", "params": {"ticketId": "tkt_1"}, "fallbackMessage": "Something broke"}""", TixalloErrorShape.Localized, "Something broke"),
        ("garbage", "<html><body>502 Bad Gateway</body></html>", TixalloErrorShape.Unknown, null),
    ];

    private static IEnumerable<TestCaseData> EveryStatusAndShape() =>
        from status in StatusTable
        from shape in ShapeTable
        select new TestCaseData(status.Status, status.Type, status.Code, shape.Body, shape.Shape, shape.Message)
            .SetName($"Decode_{status.Status}_{shape.Name}");

    [TestCaseSource(nameof(EveryStatusAndShape))]
    public void Decode_EveryStatusAndShape_GivesTypedException(int status, Type type, string derivedCode, string body, TixalloErrorShape shape, string? message)
    {
        var error = Decode(status, body, correlationId: "corr-1");

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.TypeOf(type));
            Assert.That((int)error.StatusCode, Is.EqualTo(status));
            Assert.That(error.ErrorShape, Is.EqualTo(shape));
            Assert.That(error.ErrorCode, Is.EqualTo(shape == TixalloErrorShape.Envelope ? "some_code" : derivedCode));
            Assert.That(error.CorrelationId, Is.EqualTo("corr-1"));
            Assert.That(error.RawBody, Is.EqualTo(body));
            Assert.That(error.FieldErrors, Is.Not.Null);
            if (message is not null)
            {
                Assert.That(error.Message, Is.EqualTo(message));
            }
            else
            {
                Assert.That(error.Message, Does.Contain(status.ToString(System.Globalization.CultureInfo.InvariantCulture)).And.Contain("corr-1"));
            }
        });
    }

    [Test]
    public void Decode_LegacyValidation_FillsFieldAndFormErrors()
    {
        var error = Decode(400, """
            {"error": "Invalid input", "details": {"fieldErrors": {"customer_email": ["Invalid email"], "subject": ["Required", "Too short"]}, "formErrors": ["Bad form"]}}
            """);

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.TypeOf<TixalloValidationException>());
            Assert.That(error.ErrorCode, Is.EqualTo("validation_error"));
            Assert.That(error.ErrorShape, Is.EqualTo(TixalloErrorShape.Legacy));
            Assert.That(error.Message, Is.EqualTo("Invalid input"));
            Assert.That(error.FieldErrors["customer_email"], Is.EqualTo(new[] { "Invalid email" }));
            Assert.That(error.FieldErrors["subject"], Is.EqualTo(new[] { "Required", "Too short" }));
            Assert.That(error.FormErrors, Is.EqualTo(new[] { "Bad form" }));
        });
    }

    [Test]
    public void Decode_EnvelopeValidation_TurnsStringDetailsIntoLists()
    {
        var error = Decode(422, """
            {"error": {"code": "validation_error", "message": "The customer_email field is required.", "details": {"customer_email": "Required"}}}
            """);

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.TypeOf<TixalloValidationException>());
            Assert.That(error.ErrorShape, Is.EqualTo(TixalloErrorShape.Envelope));
            Assert.That(error.ErrorCode, Is.EqualTo("validation_error"));
            Assert.That(error.FieldErrors["customer_email"], Is.EqualTo(new[] { "Required" }));
        });
    }

    [Test]
    public void Decode_Envelope400WithValidationCode_IsValidation()
    {
        var error = Decode(400, """{"error": {"code": "validation_error", "message": "Bad"}}""");

        Assert.That(error, Is.TypeOf<TixalloValidationException>());
    }

    [Test]
    public void Decode_Localized_FillsKeyAndParams()
    {
        var error = Decode(404, """{"key": "api-errors.ticketNotFound", "params": {"ticketId": "tkt_9", "count": 3}, "fallbackMessage": "Ticket not found."}""");

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.TypeOf<TixalloNotFoundException>());
            Assert.That(error.LocalizationKey, Is.EqualTo("api-errors.ticketNotFound"));
            Assert.That(error.LocalizationParams["ticketId"], Is.EqualTo("tkt_9"));
            Assert.That(error.LocalizationParams["count"], Is.EqualTo("3"));
            Assert.That(error.Message, Is.EqualTo("Ticket not found."));
        });
    }

    [Test]
    public void Decode_Legacy429_FillsLimitWindowAndRetryAfter()
    {
        var error = (TixalloRateLimitException)Decode(429, """{"error": "Rate limit exceeded", "limit": 60, "window_seconds": 60}""",
            headers: r => r.Headers.TryAddWithoutValidation("Retry-After", "17"));

        Assert.Multiple(() =>
        {
            Assert.That(error.Limit, Is.EqualTo(60));
            Assert.That(error.Window, Is.EqualTo(TimeSpan.FromSeconds(60)));
            Assert.That(error.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(17)));
            Assert.That(error.ErrorCode, Is.EqualTo("rate_limited"));
        });
    }

    [Test]
    public void Decode_LocalizedAttachment429_KeepsKey()
    {
        var error = Decode(429, """{"key": "api-errors.attachmentUploadLimitExceeded", "params": {}, "fallbackMessage": "Upload limit reached."}""");

        Assert.That(error, Is.TypeOf<TixalloRateLimitException>());
        Assert.That(error.LocalizationKey, Is.EqualTo("api-errors.attachmentUploadLimitExceeded"));
    }

    [Test]
    public void Decode_LegacyMerged409_IsAPlainConflict_TheCallDecidesWhatItMeans()
    {
        // Status- and shape-driven: only MessagesClient knows that a 409 on adding a message means merged.
        var error = Decode(409, """{"error": "Ticket has been merged"}""");

        Assert.That(error, Is.TypeOf<TixalloConflictException>());
        Assert.That(error.ErrorCode, Is.EqualTo("conflict"));
    }

    [TestCase("""{"error": "Rate limit exceeded", "limit": 60, "window_seconds": 60}""", "Calls", TixalloRateLimitScope.ApiKey)]
    [TestCase("""{"error": "Rate limit exceeded", "limit": 500, "window_seconds": 900}""", "Calls", TixalloRateLimitScope.Ip)]
    [TestCase("""{"key": "api-errors.rateLimitExceeded", "params": {}, "fallbackMessage": "Slow down."}""", "Calls", TixalloRateLimitScope.ApiKey)]
    [TestCase("""{"key": "api-errors.ipRateLimitExceeded", "params": {}, "fallbackMessage": "Slow down."}""", "Calls", TixalloRateLimitScope.Ip)]
    [TestCase("""{"key": "api-errors.attachmentUploadLimitExceeded", "params": {}, "fallbackMessage": "No."}""", "Calls", TixalloRateLimitScope.AttachmentUpload)]
    [TestCase("""{"key": "api-errors.attachmentDownloadLimitExceeded", "params": {}, "fallbackMessage": "No."}""", "Calls", TixalloRateLimitScope.AttachmentDownload)]
    [TestCase("""{"error": "Attachment limit exceeded", "limit": 100, "window_seconds": 3600}""", "Downloads", TixalloRateLimitScope.AttachmentDownload)]
    [TestCase("""{"error": "Attachment limit exceeded", "limit": 100, "window_seconds": 3600}""", "Uploads", TixalloRateLimitScope.AttachmentUpload)]
    [TestCase("""{"error": {"code": "rate_limited", "message": "Slow down"}}""", "Calls", TixalloRateLimitScope.ApiKey)]
    [TestCase("""<html>429</html>""", "Calls", TixalloRateLimitScope.Unknown)]
    public void Decode_429_TellsWhichLimitAnswered(string body, string budget, TixalloRateLimitScope scope)
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        var error = ErrorDecoder.Decode(HttpStatusCode.TooManyRequests, response.Headers, ResponseHeaders.TextEncoding("utf-8"), Encoding.UTF8.GetBytes(body), false, new ErrorContext("c", 1, Now, Enum.Parse<RateBudget>(budget)));

        Assert.That(((TixalloRateLimitException)error).Scope, Is.EqualTo(scope));
        Assert.That(((TixalloRateLimitException)error).IsClientSide, Is.False);
    }

    [Test]
    public void Decode_409ElsewhereWithoutMergeCode_IsPlainConflict()
    {
        Assert.That(Decode(409, """{"error": "Conflict"}"""), Is.TypeOf<TixalloConflictException>());
    }

    [Test]
    public void Decode_EnvelopeCodeTicketMerged_IsTicketMergedOnAnyCall()
    {
        var error = Decode(409, """{"error": {"code": "ticket_merged", "message": "Merged"}}""");

        Assert.That(error, Is.TypeOf<TixalloTicketMergedException>());
    }

    private static IEnumerable<TestCaseData> OddBodies()
    {
        yield return new TestCaseData(502, "", "text/plain").SetName("Decode_EmptyBody");
        yield return new TestCaseData(502, "<!DOCTYPE html><html><head><title>502</title></head><body>Bad gateway</body></html>", "text/html").SetName("Decode_Html502Page");
        yield return new TestCaseData(500, """{"error": "Trunc""", "application/json").SetName("Decode_TruncatedJson");
        yield return new TestCaseData(400, "[]", "application/json").SetName("Decode_JsonArray");
        yield return new TestCaseData(400, "\"text\"", "application/json").SetName("Decode_JsonString");
        yield return new TestCaseData(400, """{"error": 42}""", "application/json").SetName("Decode_ErrorIsNumber");
        yield return new TestCaseData(404, """{"error": {"code": null}}""", "application/json").SetName("Decode_EnvelopeCodeNull");
        yield return new TestCaseData(400, """{"error": "Bad", "details": "not an object"}""", "application/json").SetName("Decode_DetailsWrongType");
        yield return new TestCaseData(400, """{"error": "Bad", "details": {"fieldErrors": [1, 2], "formErrors": {"x": 1}}}""", "application/json").SetName("Decode_FieldErrorsWrongType");
        yield return new TestCaseData(404, """{"error": "Not found"}""", "application/problem+json").SetName("Decode_ProblemJsonContentType");
        yield return new TestCaseData(503, "Service Unavailable", null).SetName("Decode_NoContentType");
        yield return new TestCaseData(500, """{"error": "Bad"}""", "application/json; charset=klingon").SetName("Decode_UnknownCharset");
    }

    [TestCaseSource(nameof(OddBodies))]
    public void Decode_OddBody_StillTypedWithStatusAndRawBody(int status, string body, string? contentType)
    {
        var error = Decode(status, body, contentType: contentType, correlationId: "corr-odd");

        Assert.Multiple(() =>
        {
            Assert.That((int)error.StatusCode, Is.EqualTo(status));
            Assert.That(error.RawBody, Is.EqualTo(body));
            Assert.That(error.CorrelationId, Is.EqualTo("corr-odd"));
            Assert.That(error.Message, Is.Not.Empty);
            Assert.That(error.FieldErrors, Is.Not.Null);
            Assert.That(error.FormErrors, Is.Not.Null);
            Assert.That(error.ToString(), Does.Contain("corr-odd"));
        });
    }

    [Test]
    public void Decode_EmptyBody_DefaultMessageNamesStatusAndCorrelationId()
    {
        var error = Decode(502, "", correlationId: "corr-42");

        Assert.That(error.ErrorShape, Is.EqualTo(TixalloErrorShape.Unknown));
        Assert.That(error.Message, Is.EqualTo("The Tixallo API answered 502 (BadGateway) with no error body the client could read (correlation id: corr-42)."));
    }

    [Test]
    public void Decode_OneMebibyteBody_RawBodyCappedAndMarked()
    {
        var body = "{\"error\": \"" + new string('x', 1024 * 1024) + "\"}";

        var error = Decode(500, body);

        Assert.Multiple(() =>
        {
            Assert.That(error.RawBody, Has.Length.EqualTo(TixalloApiException.MaxRawBodyLength));
            Assert.That(body, Does.StartWith(error.RawBody));
            Assert.That(error.IsRawBodyTruncated, Is.True);
        });
    }

    [Test]
    public void Decode_TenThousandDeepNesting_IsUnknownShape()
    {
        var body = "{\"error\":" + new string('[', 10_000) + new string(']', 10_000) + "}";

        var error = Decode(400, body);

        Assert.That(error.ErrorShape, Is.EqualTo(TixalloErrorShape.Unknown));
        Assert.That(error, Is.TypeOf<TixalloBadRequestException>());
    }

    [Test]
    public void Decode_InvalidUtf8_IsTypedWithReplacementCharacters()
    {
        byte[] body = [.. "{\"error\": \""u8, 0xC3, 0x28, 0xFF, .. "\"}"u8];

        var error = ErrorDecoder.Decode(HttpStatusCode.BadRequest, new HttpResponseMessage().Headers, ResponseHeaders.TextEncoding("utf-8"), body, false, new ErrorContext("c", 1, Now));

        Assert.That(error, Is.InstanceOf<TixalloBadRequestException>());
        Assert.That(error.RawBody, Does.Contain("\uFFFD"));
    }

    [Test]
    public void Decode_Utf16Charset_IsDecoded()
    {
        var body = Encoding.Unicode.GetBytes("""{"error": "Nicht gefunden"}""");

        var error = ErrorDecoder.Decode(HttpStatusCode.NotFound, new HttpResponseMessage().Headers, ResponseHeaders.TextEncoding("utf-16"), body, false, new ErrorContext("c", 1, Now));

        Assert.That(error.Message, Is.EqualTo("Nicht gefunden"));
        Assert.That(error.ErrorShape, Is.EqualTo(TixalloErrorShape.Legacy));
    }

    [Test]
    public void Decode_BodyCutByTransport_IsNotParsed_RawBodyMarked()
    {
        var body = Encoding.UTF8.GetBytes("""{"error": "Something"}""");

        var error = ErrorDecoder.Decode(HttpStatusCode.InternalServerError, new HttpResponseMessage().Headers, Encoding.UTF8, body, bodyIsCut: true, new ErrorContext("c", 1, Now));

        Assert.That(error.IsRawBodyTruncated, Is.True);
        Assert.That(error.ErrorShape, Is.EqualTo(TixalloErrorShape.Unknown));
    }

    [Test]
    public void ToString_HasTypeStatusCodeMessageCorrelationAndFields()
    {
        var error = Decode(400, """{"error": "Invalid input", "details": {"fieldErrors": {"customer_email": ["Invalid email"]}, "formErrors": []}}""", correlationId: "corr-ts");

        var text = error.ToString();

        Assert.That(text, Does.StartWith("Tixallo.Client.TixalloValidationException: Invalid input"));
        Assert.That(text, Does.Contain("Status: 400 (BadRequest)").And.Contain("ErrorCode: validation_error")
            .And.Contain("CorrelationId: corr-ts").And.Contain("FieldError customer_email: Invalid email"));
    }

    internal static TixalloApiException Decode(
        int status,
        string body,
        string? correlationId = "corr",
        string? contentType = "application/json",
        Action<HttpResponseMessage>? headers = null)
    {
        using var response = new HttpResponseMessage((HttpStatusCode)status);
        headers?.Invoke(response);
        var charset = contentType is null ? null : System.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var type) ? type.CharSet : null;
        return ErrorDecoder.Decode(response.StatusCode, response.Headers, ResponseHeaders.TextEncoding(charset), Encoding.UTF8.GetBytes(body), false,
            new ErrorContext(correlationId, 1, Now));
    }
}
