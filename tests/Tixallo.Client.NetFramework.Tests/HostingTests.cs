using Microsoft.Extensions.DependencyInjection;
using Tixallo.Client.NetFramework.Tests.Support;

namespace Tixallo.Client.NetFramework.Tests;

/// <summary>The SDK under IHttpClientFactory on .NET Framework: the attempt number on each attempt's properties, a rotated key.</summary>
public class HostingTests : FakeServerFixture
{
    [Test]
    public async Task AHandlerOnTheSdksBuilder_ReadsEachAttemptsNumber_FromTheRequestsProperties()
    {
        var seen = new List<object?>();
        var services = new ServiceCollection();
        services.AddTixalloClient(o =>
            {
                o.ApiKey = Fake.ApiKey;
                o.BaseAddress = Fake.BaseAddress;
                o.Retry.BaseDelay = TimeSpan.FromMilliseconds(20);
                o.Retry.MaxDelay = TimeSpan.FromMilliseconds(20);
            })
            .AddHttpMessageHandler(() => new PropertyRecorder(seen));
        using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<ITixalloClient>();
        var ticket = await client.Tickets.CreateAsync(new CreateTicketRequest { Subject = "Counted", CustomerEmail = "a@example.com" });
        seen.Clear();
        await Fake.InjectAsync("{\"status\":503,\"path\":\"tickets\"}");

        await client.Tickets.GetAsync(ticket.Id);

        Assert.That(seen, Is.EqualTo(new object[] { 1, 2 }));
    }

    [Test]
    public async Task ARotatedKey_IsSentFromTheNextCall_AndTheRevokedOneNoMore()
    {
        var oldKey = await Fake.CreateKeyAsync("ws_rotation");
        var newKey = await Fake.CreateKeyAsync("ws_rotation");
        var credential = new TixalloApiKeyCredential(oldKey);
        using var client = Fake.CreateClient(o => (o.ApiKey, o.Credential) = (null, credential));
        await client.Tickets.CreateAsync(new CreateTicketRequest { Subject = "Before", CustomerEmail = "a@example.com" });

        credential.Update(newKey);
        await Fake.RevokeKeyAsync(oldKey);
        var after = await client.Tickets.CreateAsync(new CreateTicketRequest { Subject = "After", CustomerEmail = "a@example.com" });

        Assert.That(after.Subject, Is.EqualTo("After"));
    }

    private sealed class PropertyRecorder(List<object?> seen) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            seen.Add(request.Properties.TryGetValue(TixalloHttpRequestOptions.AttemptNumberName, out var attempt) ? attempt : null);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
