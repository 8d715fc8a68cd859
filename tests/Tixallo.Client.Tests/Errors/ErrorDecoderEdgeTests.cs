using System.Net;
using System.Text;
using Tixallo.Client.Errors;
using Tixallo.Client.Http;
using Tixallo.Client.Tests.Support;
using static Tixallo.Client.Tests.Errors.ErrorDecoderTests;

namespace Tixallo.Client.Tests.Errors;

/// <summary>The decoder's edges, each asserted on the outcome: the exception's type, shape, code, message, fields and flags.</summary>
public class ErrorDecoderEdgeTests
{
    private const int Cap = TixalloApiException.MaxRawBodyLength;

    [Test]
    public void ASmallBody_IsWholeAndNotMarkedTruncated()
    {
        var error = Decode(500, """{"error": "Boom"}""");

        Assert.That(error.RawBody, Is.EqualTo("""{"error": "Boom"}"""));
        Assert.That(error.IsRawBodyTruncated, Is.False);
    }

    [Test]
    public void ABodyOfExactlyTheCapInAsciiBytes_IsWhole()
    {
        var error = Decode(502, new string('a', Cap), contentType: "text/plain");

        Assert.That(error.RawBody, Has.Length.EqualTo(Cap));
        Assert.That(error.IsRawBodyTruncated, Is.False);
    }

    [Test]
    public void ABodyOfExactlyTheCapInTwoByteCharacters_IsWhole()
    {
        var error = Decode(502, new string('\u00e9', Cap), contentType: "text/plain");

        Assert.That(error.RawBody, Is.EqualTo(new string('\u00e9', Cap)));
        Assert.That(error.IsRawBodyTruncated, Is.False);
    }

    [Test]
    public void ABodyOneCharacterOverTheCap_IsCutToTheCap()
    {
        var error = Decode(502, new string('\u00e9', Cap + 1), contentType: "text/plain");

        Assert.That(error.RawBody, Is.EqualTo(new string('\u00e9', Cap)));
        Assert.That(error.IsRawBodyTruncated, Is.True);
    }

    [Test]
    public void ACutAcrossASurrogatePair_LeavesOutItsFirstHalf()
    {
        var body = new string('a', Cap - 1) + "\U0001F600" + "tail";

        var error = Decode(502, body, contentType: "text/plain");

        Assert.That(error.RawBody, Is.EqualTo(new string('a', Cap - 1)), "no lone high surrogate at the end");
        Assert.That(error.IsRawBodyTruncated, Is.True);
    }

    [Test]
    public void ACutRightAfterASurrogatePair_KeepsIt()
    {
        var body = new string('a', Cap - 2) + "\U0001F600" + "tail";

        var error = Decode(502, body, contentType: "text/plain");

        Assert.That(error.RawBody, Is.EqualTo(new string('a', Cap - 2) + "\U0001F600"));
        Assert.That(error.IsRawBodyTruncated, Is.True);
    }

    [Test]
    public void ASmallBodyTheTransportCut_IsMarkedTruncated_AndItsIncompleteLastCharacterHeldBack()
    {
        byte[] body = [.. "{\"error\": \"caf"u8, 0xC3];

        var error = ErrorDecoder.Decode(HttpStatusCode.InternalServerError, new HttpResponseMessage().Headers, ResponseHeaders.TextEncoding("utf-8"), body, bodyIsCut: true, new ErrorContext("c", 1, DateTimeOffset.UnixEpoch));

        Assert.That(error.RawBody, Is.EqualTo("{\"error\": \"caf"));
        Assert.That(error.IsRawBodyTruncated, Is.True);
    }

    [Test]
    public void AUtf8ByteOrderMark_BeforeJson_KeepsTheShape()
    {
        byte[] body = [.. Encoding.UTF8.Preamble, .. """{"error": "Not found"}"""u8];

        var error = ErrorDecoder.Decode(HttpStatusCode.NotFound, new HttpResponseMessage().Headers, ResponseHeaders.TextEncoding("utf-8"), body, false, new ErrorContext("c", 1, DateTimeOffset.UnixEpoch));

        Assert.That(error.ErrorShape, Is.EqualTo(TixalloErrorShape.Legacy));
        Assert.That(error.Message, Is.EqualTo("Not found"));
    }

    [Test]
    public void AnAsciiCharset_IsParsedAsUtf8_ByteOrderMarkIncluded()
    {
        byte[] body = [.. Encoding.UTF8.Preamble, .. """{"error": "Gone"}"""u8];

        var error = ErrorDecoder.Decode(HttpStatusCode.NotFound, new HttpResponseMessage().Headers, ResponseHeaders.TextEncoding("us-ascii"), body, false, new ErrorContext("c", 1, DateTimeOffset.UnixEpoch));

        Assert.That(error.ErrorShape, Is.EqualTo(TixalloErrorShape.Legacy));
        Assert.That(error.Message, Is.EqualTo("Gone"));
    }

    [Test]
    public void ALatin1Body_IsDecodedInItsCharset()
    {
        var body = Encoding.Latin1.GetBytes("""{"error": "Caf\u00e9 ferm\u00e9"}""");

        var error = ErrorDecoder.Decode(HttpStatusCode.NotFound, new HttpResponseMessage().Headers, ResponseHeaders.TextEncoding("iso-8859-1"), body, false, new ErrorContext("c", 1, DateTimeOffset.UnixEpoch));

        Assert.That(error.Message, Is.EqualTo("Caf\u00e9 ferm\u00e9"));
        Assert.That(error.RawBody, Is.EqualTo("""{"error": "Caf\u00e9 ferm\u00e9"}"""));
    }

    [Test]
    public void AProblemDetailsBody_GivesItsDetailAsTheMessage_ElseItsTitle()
    {
        var detailed = Decode(404, """{"type": "about:blank", "title": "Not Found", "status": 404, "detail": "No ticket tkt_9"}""", contentType: "application/problem+json");
        var titled = Decode(404, """{"type": "about:blank", "title": "Not Found", "status": 404}""", contentType: "application/problem+json");

        Assert.Multiple(() =>
        {
            Assert.That(detailed.Message, Is.EqualTo("No ticket tkt_9"));
            Assert.That(titled.Message, Is.EqualTo("Not Found"));
            Assert.That(detailed.ErrorShape, Is.EqualTo(TixalloErrorShape.Unknown));
            Assert.That(detailed.ErrorCode, Is.EqualTo("not_found"));
        });
    }

    [Test]
    public void AnEnvelopeWithNullDetails_IsABadRequest_NotAValidationError()
    {
        var error = Decode(400, """{"error": {"code": "bad_thing", "message": "Nope", "details": null}}""");

        Assert.That(error, Is.TypeOf<TixalloBadRequestException>());
        Assert.That(error.ErrorCode, Is.EqualTo("bad_thing"));
        Assert.That(error.FieldErrors, Is.Empty);
    }

    [Test]
    public void AnEnvelopeWithDetails_IsAValidationError_WithSingleStringsAsLists()
    {
        var error = (TixalloValidationException)Decode(400, """{"error": {"code": "validation_error", "message": "Invalid", "details": {"subject": "Required", "tags": ["Too many", 3], "empty": []}}}""");

        Assert.That(error.ErrorShape, Is.EqualTo(TixalloErrorShape.Envelope));
        Assert.That(error.FieldErrors.Keys, Is.EquivalentTo(new[] { "subject", "tags" }), "a field with no message is left out");
        Assert.That(error.FieldErrors["subject"], Is.EqualTo(new[] { "Required" }));
        Assert.That(error.FieldErrors["tags"], Is.EqualTo(new[] { "Too many" }), "what is not a string is skipped");
    }

    [Test]
    public void LegacyDetails_GiveFieldAndFormErrors_FormErrorsAsAStringToo()
    {
        var asList = Decode(400, """{"error": "Invalid", "details": {"fieldErrors": {"customer_email": ["Invalid email", "Too long"]}, "formErrors": ["Missing body", 1]}}""");
        var asString = Decode(400, """{"error": "Invalid", "details": {"formErrors": "Missing body"}}""");

        Assert.Multiple(() =>
        {
            Assert.That(asList, Is.TypeOf<TixalloValidationException>());
            Assert.That(asList.ErrorCode, Is.EqualTo("validation_error"));
            Assert.That(asList.FieldErrors["customer_email"], Is.EqualTo(new[] { "Invalid email", "Too long" }));
            Assert.That(asList.FormErrors, Is.EqualTo(new[] { "Missing body" }));
            Assert.That(asString.FormErrors, Is.EqualTo(new[] { "Missing body" }));
            Assert.That(asString.FieldErrors, Is.Empty);
        });
    }

    [Test]
    public void ALegacyBodyWithoutDetails_On400_IsABadRequest()
    {
        var error = Decode(400, """{"error": "Bad input"}""");

        Assert.That(error, Is.TypeOf<TixalloBadRequestException>());
        Assert.That(error.ErrorCode, Is.EqualTo("bad_request"));
        Assert.That(error.Message, Is.EqualTo("Bad input"));
    }

    [TestCase("""{"error": "Slow down", "limit": 100, "window_seconds": 60}""", 100, 60.0)]
    [TestCase("""{"error": "Slow down", "limit": 0, "window_seconds": 0}""", 0, 0.0)]
    [TestCase("""{"error": "Slow down", "limit": -1, "window_seconds": -1}""", null, null)]
    [TestCase("""{"error": "Slow down", "limit": 1.5, "window_seconds": 1.5}""", null, 1.5)]
    [TestCase("""{"error": "Slow down", "limit": "100", "window_seconds": "60"}""", null, null)]
    [TestCase("""{"error": "Slow down", "limit": 99999999999, "window_seconds": 1e300}""", null, null)]
    public void ALegacy429_GivesItsLimitAndWindow_WhenTheyAreNumbersInRange(string body, int? limit, double? windowSeconds)
    {
        var error = (TixalloRateLimitException)Decode(429, body);

        Assert.That(error.Limit, Is.EqualTo(limit));
        Assert.That(error.Window, Is.EqualTo(windowSeconds is { } s ? TimeSpan.FromSeconds(s) : null));
        Assert.That(error.Message, Is.EqualTo("Slow down"));
    }

    [Test]
    public void ALocalizedBody_GivesItsKeyParamsAndFallback_NonStringParamsAsJson()
    {
        var error = Decode(409, """{"key": "api-errors.ticket-locked", "params": {"ticketId": "tkt_4", "minutes": 5, "by": {"id": "u1"}}, "fallbackMessage": "Locked"}""");

        Assert.Multiple(() =>
        {
            Assert.That(error.ErrorShape, Is.EqualTo(TixalloErrorShape.Localized));
            Assert.That(error.LocalizationKey, Is.EqualTo("api-errors.ticket-locked"));
            Assert.That(error.LocalizationParams["ticketId"], Is.EqualTo("tkt_4"));
            Assert.That(error.LocalizationParams["minutes"], Is.EqualTo("5"));
            Assert.That(error.LocalizationParams["by"], Is.EqualTo("""{"id": "u1"}"""));
            Assert.That(error.Message, Is.EqualTo("Locked"));
            Assert.That(error.ErrorCode, Is.EqualTo("conflict"));
        });
    }

    [Test]
    public void ALocalizedBodyWithoutParamsOrFallback_HasNoParams_AndTheDefaultMessageWithoutUnreadable()
    {
        var error = Decode(403, """{"key": "api-errors.forbidden", "params": ["x"]}""", correlationId: "corr-l");

        Assert.That(error.LocalizationParams, Is.Empty);
        Assert.That(error.Message, Is.EqualTo("The Tixallo API answered 403 (Forbidden) (correlation id: corr-l)."));
    }

    [TestCase("""{"error": {"code": "  ", "message": " "}}""")]
    [TestCase("""{"error": {"code": 7, "message": false}}""")]
    public void ABlankOrNonStringCodeAndMessage_FallBackToTheStatus(string body)
    {
        var error = Decode(404, body, correlationId: null);

        Assert.That(error.ErrorCode, Is.EqualTo("not_found"));
        Assert.That(error.Message, Is.EqualTo("The Tixallo API answered 404 (NotFound) (correlation id: none)."));
        Assert.That(error.ErrorShape, Is.EqualTo(TixalloErrorShape.Envelope));
    }

    [Test]
    public void JsonNestedDeeperThanSixteen_IsUnknown_AndSixteenIsRead()
    {
        static string Nested(int depth) => "{\"error\": \"Deep\", \"x\": " + new string('[', depth - 1) + new string(']', depth - 1) + "}";

        Assert.That(Decode(500, Nested(16)).ErrorShape, Is.EqualTo(TixalloErrorShape.Legacy));
        Assert.That(Decode(500, Nested(17)).ErrorShape, Is.EqualTo(TixalloErrorShape.Unknown));
    }

    [Test]
    public void TheScope_IsReadOnlyForA429()
    {
        const string body = """{"key": "api-errors.ipRateLimit", "fallbackMessage": "Slow"}""";

        Assert.That(((TixalloRateLimitException)Decode(429, body)).Scope, Is.EqualTo(TixalloRateLimitScope.Ip));
        Assert.That(Decode(403, body), Is.TypeOf<TixalloPermissionDeniedException>());
    }

    [TestCase(418, typeof(TixalloApiException))]
    [TestCase(599, typeof(TixalloServerException))]
    [TestCase(600, typeof(TixalloApiException))]
    [TestCase(499, typeof(TixalloApiException))]
    public void AStatusOutsideTheTable_IsItsNearestType(int status, Type type)
    {
        Assert.That(Decode(status, """{"error": "Odd"}"""), Is.TypeOf(type));
    }

    [Test]
    public void TheMergedCode_MakesAMergedException_WhateverTheStatus()
    {
        var merged = Decode(400, """{"error": {"code": "ticket_merged", "message": "Merged"}}""");
        var localized = (TixalloTicketMergedException)Decode(409, """{"error": {"code": "ticket_merged", "message": "Merged"}}""");

        Assert.That(merged, Is.TypeOf<TixalloTicketMergedException>());
        Assert.That(localized.Message, Is.EqualTo("Merged"));
    }

    [TestCase("""{"error": "Bad", "details": "not an object"}""", TixalloErrorShape.Legacy)]
    [TestCase("""{"error": "Bad", "details": {"fieldErrors": [1, 2], "formErrors": {"x": 1}}}""", TixalloErrorShape.Legacy)]
    [TestCase("""{"error": {"code": "bad", "message": "Bad", "details": "not an object"}}""", TixalloErrorShape.Envelope)]
    [TestCase("""{"error": {"code": "bad", "message": "Bad", "details": [1]}}""", TixalloErrorShape.Envelope)]
    public void DetailsThatAreNotAnObject_AreNoValidationDetails_AndTheShapeStays(string body, TixalloErrorShape shape)
    {
        var error = Decode(400, body);

        Assert.That(error.ErrorShape, Is.EqualTo(shape));
        Assert.That(error.Message, Is.EqualTo("Bad"));
        Assert.That(error.FieldErrors, Is.Empty);
        Assert.That(error.FormErrors, Is.Empty);
    }

    [Test]
    public void LegacyDetailsWithFieldErrorsOfTheWrongType_AreStillValidationDetails()
    {
        var error = Decode(400, """{"error": "Bad", "details": {"fieldErrors": [1, 2]}}""");

        Assert.That(error, Is.TypeOf<TixalloValidationException>(), "details is an object: the 400 is a validation error");
        Assert.That(error.FieldErrors, Is.Empty);
    }

    [Test]
    public void AUtf32Body_OfExactlyTheCap_IsWhole()
    {
        var text = new string('z', Cap);

        var error = ErrorDecoder.Decode(HttpStatusCode.BadGateway, new HttpResponseMessage().Headers, ResponseHeaders.TextEncoding("utf-32"), Encoding.UTF32.GetBytes(text), false, new ErrorContext("c", 1, DateTimeOffset.UnixEpoch));

        Assert.That(error.RawBody, Is.EqualTo(text), "four bytes a character: the cap's bytes are read whole");
        Assert.That(error.IsRawBodyTruncated, Is.False);
    }

    [Test]
    public void AWindowOfTimeSpansLargestSeconds_IsNoWindow()
    {
        var error = (TixalloRateLimitException)Decode(429, """{"error": "Slow down", "window_seconds": 922337203685.47754}""");

        Assert.That(error.Window, Is.Null);
        Assert.That(error.ErrorShape, Is.EqualTo(TixalloErrorShape.Legacy));
    }

    [Test]
    public void AMergedTicketsLocalized409_NamesTheTicketFromItsParams()
    {
        using var stub = new StubHandler().Respond(HttpStatusCode.Conflict, """{"key": "api-errors.ticketMerged", "params": {"ticketId": "tkt_merged_into"}, "fallbackMessage": "Merged"}""");
        using var client = TestClients.Create(stub);

        var error = Assert.CatchAsync<TixalloTicketMergedException>(() => client.Messages.CreateAsync("tkt_1", new CreateMessageRequest { Body = "Hi" }));

        Assert.That(error!.TicketId, Is.EqualTo("tkt_merged_into"));
    }
}
