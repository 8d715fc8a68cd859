using System.Net;
using System.Text;
using Tixallo.Client.NetFramework.Tests.Support;

namespace Tixallo.Client.NetFramework.Tests;

/// <summary>Every error shape the API sends, and what is not the API's at all, into the one exception hierarchy.</summary>
public class ErrorTests : FakeServerFixture
{
    protected override void ConfigureClient(TixalloClientOptions options) => options.Retry.MaxRetries = 0;

    [TearDown]
    public Task BackToLegacy() => Fake.SettingsAsync("{\"errorShape\":\"legacy\"}");

    [TestCase("legacy", TixalloErrorShape.Legacy)]
    [TestCase("envelope", TixalloErrorShape.Envelope)]
    [TestCase("localized", TixalloErrorShape.Localized)]
    public async Task AMissingTicket_IsNotFound_InEveryShape(string shape, TixalloErrorShape expected)
    {
        await Fake.SettingsAsync($"{{\"errorShape\":\"{shape}\"}}");

        var error = Assert.ThrowsAsync<TixalloNotFoundException>(() => Client.Tickets.GetAsync("tkt_missing"));

        Assert.Multiple(() =>
        {
            Assert.That(error!.ErrorShape, Is.EqualTo(expected));
            Assert.That(error.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(error.Message, Is.Not.Empty);
            Assert.That(error.CorrelationId, Is.Not.Null.And.Not.Empty);
        });
    }

    [Test]
    public void AnInvalidTicket_IsAValidationError_WithItsFields()
    {
        var error = Assert.ThrowsAsync<TixalloValidationException>(() =>
            Client.Tickets.CreateAsync(new CreateTicketRequest { Subject = "s", CustomerEmail = "not-an-email" }));

        Assert.That(error!.FieldErrors.Keys, Does.Contain("customer_email"));
    }

    [Test]
    public void ARevokedKey_IsAnAuthenticationError()
    {
        using var client = Fake.CreateClient(apiKey: "tx_test_never_issued");

        Assert.ThrowsAsync<TixalloAuthenticationException>(() => client.Tickets.GetAsync("tkt_1"));
    }

    [Test]
    public async Task AProxysHtmlPage_IsAServerError_OfNoKnownShape()
    {
        await Fake.InjectAsync("{\"html\":502}");

        var error = Assert.ThrowsAsync<TixalloServerException>(() => Client.Tickets.GetAsync("tkt_1"));

        Assert.Multiple(() =>
        {
            Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway));
            Assert.That(error.ErrorShape, Is.EqualTo(TixalloErrorShape.Unknown));
            Assert.That(error.RawBody, Does.Contain("<html"));
        });
    }

    [Test]
    public void GarbageInsteadOfATicket_IsATypedError_NotAJsonException()
    {
        using var server = new RawServer("200 OK", "application/json", Encoding.UTF8.GetBytes("{\"id\": [unterminated"));
        using var client = new TixalloClient(new TixalloClientOptions { ApiKey = "tx_test_raw", BaseAddress = server.BaseAddress });

        var error = Assert.ThrowsAsync<TixalloApiException>(() => client.Tickets.GetAsync("tkt_1"));

        Assert.That(error!.InnerException, Is.Null.Or.Not.InstanceOf<TixalloException>());
    }

    [Test]
    public void ABodyOverTheLimit_IsRefused_Unread()
    {
        using var server = new RawServer("200 OK", "application/json", new byte[64 * 1024], declaredLength: 64L * 1024 * 1024);
        using var client = new TixalloClient(new TixalloClientOptions { ApiKey = "tx_test_raw", BaseAddress = server.BaseAddress, MaxResponseContentBytes = 1024 * 1024 });

        var error = Assert.ThrowsAsync<TixalloApiException>(() => client.Tickets.GetAsync("tkt_1"));

        Assert.That(error!.ErrorCode, Is.EqualTo("response_too_large"));
    }
}
