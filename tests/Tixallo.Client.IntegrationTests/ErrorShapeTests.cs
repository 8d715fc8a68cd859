using System.Net;
using WireMock.RequestBuilders;

namespace Tixallo.Client.IntegrationTests;

/// <summary>Each error shape from the API's pages, for each status, decoded over real HTTP.</summary>
public class ErrorShapeTests : IntegrationTest
{
    private static readonly (int Status, Type Type)[] Statuses =
    [
        (400, typeof(TixalloBadRequestException)), (401, typeof(TixalloAuthenticationException)), (403, typeof(TixalloPermissionDeniedException)),
        (404, typeof(TixalloNotFoundException)), (409, typeof(TixalloConflictException)), (422, typeof(TixalloValidationException)),
        (429, typeof(TixalloRateLimitException)), (500, typeof(TixalloServerException)), (502, typeof(TixalloServerException)),
        (503, typeof(TixalloServerException)), (504, typeof(TixalloServerException)),
    ];

    private static readonly (TixalloErrorShape Shape, string Body)[] Shapes =
    [
        (TixalloErrorShape.Legacy, """{"error": "It went wrong"}"""),
        (TixalloErrorShape.Envelope, """{"error": {"code": "some_code", "message": "It went wrong"}}"""),
        (TixalloErrorShape.Localized, """{"key": "api-errors.somethingWrong", "params": {}, "fallbackMessage": "It went wrong"}"""),
    ];

    private static IEnumerable<TestCaseData> Cases() =>
        from status in Statuses
        from shape in Shapes
        select new TestCaseData(status.Status, status.Type, shape.Shape, shape.Body).SetName($"Error_{status.Status}_{shape.Shape}");

    [TestCaseSource(nameof(Cases))]
    public void ErrorBody_DecodesToTheStatusType(int status, Type type, TixalloErrorShape shape, string body)
    {
        ApiStubs.Given(Request.Create().WithPath("/v1/tickets/tkt_err").UsingGet(), ApiStubs.Json(status, body));
        using var client = Client(o => o.Retry.MaxRetries = 0);

        var error = Assert.CatchAsync<TixalloApiException>(() => client.Tickets.GetAsync("tkt_err"));

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.TypeOf(type));
            Assert.That((int)error!.StatusCode, Is.EqualTo(status));
            Assert.That(error.ErrorShape, Is.EqualTo(shape));
            Assert.That(error.Message, Is.EqualTo("It went wrong"));
            Assert.That(error.CorrelationId, Is.Not.Null);
        });
    }

    [Test]
    public void LegacyValidation_FromTheLiveApiPage()
    {
        ApiStubs.Given(
            Request.Create().WithPath("/v1/tickets").UsingPost(),
            ApiStubs.Json(400, """{"error": "Invalid input", "details": {"fieldErrors": {"customer_email": ["Invalid email"]}, "formErrors": []}}"""));
        using var client = Client();

        var error = Assert.ThrowsAsync<TixalloValidationException>(() => client.Tickets.CreateAsync(new CreateTicketRequest { Subject = "s", CustomerEmail = "nope" }));

        Assert.That(error!.FieldErrors["customer_email"], Is.EqualTo(new[] { "Invalid email" }));
        Assert.That(Journal(), Has.Count.EqualTo(1), "400 is never retried");
    }

    [Test]
    public void LocalizedNotFound_FromTheFileStub()
    {
        using var client = Client();

        var error = Assert.ThrowsAsync<TixalloNotFoundException>(() => client.Tickets.GetAsync("tkt_missing"));

        Assert.That(error!.LocalizationKey, Is.EqualTo("api-errors.ticketNotFound"));
        Assert.That(error.LocalizationParams["ticketId"], Is.EqualTo("tkt_missing"));
        Assert.That(error.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
