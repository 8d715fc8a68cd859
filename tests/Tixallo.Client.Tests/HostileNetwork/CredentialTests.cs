using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace Tixallo.Client.Tests.HostileNetwork;

/// <summary>The key never leaves the API's scheme, host and port, whatever the server answers or a handler does.</summary>
[Category("HostileNetwork")]
public class CredentialTests
{
    private const string Key = "tx_test_hostile_key";

    [TestCase(302)]
    [TestCase(307)]
    public async Task RedirectToAnotherHost_IsNotFollowed_AndSurfacesTyped(int status)
    {
        await using var elsewhere = RawHttpServer.Start("127.0.0.2", (_, stream, ct) => Raw.JsonAsync(stream, 200, Raw.Ticket, ct));
        await using var api = RawHttpServer.Start("127.0.0.1", (_, stream, ct) =>
            Raw.AnswerAsync(stream, status, [], ct, ("Location", new Uri(elsewhere.BaseAddress, "tickets/tkt_1").ToString())));
        using var client = new TixalloClient(Options(api));

        var error = Assert.CatchAsync<TixalloApiException>(() => client.Tickets.GetAsync("tkt_1"));

        Assert.Multiple(() =>
        {
            Assert.That((int)error!.StatusCode, Is.EqualTo(status));
            Assert.That(error.Attempts, Is.EqualTo(1), "a redirect is not retried");
            Assert.That(api.Requests, Has.Count.EqualTo(1));
            Assert.That(elsewhere.Requests, Is.Empty, "another host's answer is never taken for the API's");
        });
    }

    [Test]
    public async Task RedirectToAnotherPortOfTheSameHost_IsNotFollowed()
    {
        await using var otherPort = RawHttpServer.Start("127.0.0.1", (_, stream, ct) => Raw.JsonAsync(stream, 200, Raw.Ticket, ct));
        await using var api = RawHttpServer.Start("127.0.0.1", (_, stream, ct) =>
            Raw.AnswerAsync(stream, 307, [], ct, ("Location", new Uri(otherPort.BaseAddress, "tickets").ToString())));
        using var client = new TixalloClient(Options(api));

        var error = Assert.CatchAsync<TixalloApiException>(() => client.Tickets.CreateAsync(new CreateTicketRequest { Subject = "s", CustomerEmail = "a@b.co" }));

        Assert.That((int)error!.StatusCode, Is.EqualTo(307));
        Assert.That(otherPort.Requests, Is.Empty, "307 would re-post the body: nothing was sent there");
    }

    [Test]
    public async Task UnderDependencyInjection_TheSdksPrimaryHandler_FollowsNoRedirect()
    {
        await using var elsewhere = RawHttpServer.Start("127.0.0.2", (_, stream, ct) => Raw.JsonAsync(stream, 200, Raw.Ticket, ct));
        await using var api = RawHttpServer.Start("127.0.0.1", (_, stream, ct) =>
            Raw.AnswerAsync(stream, 302, [], ct, ("Location", new Uri(elsewhere.BaseAddress, "tickets/tkt_1").ToString())));
        var services = new ServiceCollection();
        services.AddTixalloClient(o =>
        {
            o.ApiKey = Key;
            o.BaseAddress = api.BaseAddress;
        });
        await using var provider = services.BuildServiceProvider();

        var error = Assert.CatchAsync<TixalloApiException>(() => provider.GetRequiredService<ITixalloClient>().Tickets.GetAsync("tkt_1"));

        Assert.That((int)error!.StatusCode, Is.EqualTo(302));
        Assert.That(elsewhere.Requests, Is.Empty);
    }

    /// <summary>
    /// The defect as measured: with a primary handler of the caller's that follows redirects, a 307 to another host
    /// whose answer is a 503 used to make every retry go to that host, with the key.
    /// </summary>
    [Test]
    public async Task CallersHandlerFollowsARedirect_TheOtherHostsAnswerIsRefused_AndTheKeyNeverLeaves()
    {
        await using var elsewhere = RawHttpServer.Start("127.0.0.2", (_, stream, ct) => Raw.JsonAsync(stream, 503, """{"error":"down"}""", ct));
        await using var api = RawHttpServer.Start("127.0.0.1", (_, stream, ct) =>
            Raw.AnswerAsync(stream, 307, [], ct, ("Location", new Uri(elsewhere.BaseAddress, "tickets/tkt_1").ToString())));
        using var following = new SocketsHttpHandler { AllowAutoRedirect = true };
        using var client = new TixalloClient(Options(api, o =>
        {
            o.Retry.MaxRetries = 2;
            o.Retry.BaseDelay = TimeSpan.FromMilliseconds(1);
        }), following);

        var error = Assert.CatchAsync<TixalloApiException>(() => client.Tickets.GetAsync("tkt_1"));

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.Not.InstanceOf<TixalloServerException>(), "the other host's 503 is not the API's");
            Assert.That(error!.ErrorCode, Is.EqualTo("redirect_refused"));
            Assert.That(error.Attempts, Is.EqualTo(1), "a refused redirect is not retried");
            Assert.That(api.Requests, Has.Count.EqualTo(1));
            Assert.That(api.Requests.Select(r => r.Header("Authorization")), Is.All.EqualTo("Bearer " + Key));
            Assert.That(elsewhere.Requests.Select(r => r.Header("Authorization")), Is.All.Null, "the key never reached the other host");
        });
    }

    [Test]
    public async Task AHandlerOfYoursThatRewritesTheUri_GetsNoKeyAddedForAnotherOrigin_AndItsAnswerIsRefused()
    {
        await using var elsewhere = RawHttpServer.Start("127.0.0.2", (_, stream, ct) => Raw.JsonAsync(stream, 200, Raw.Ticket, ct));
        await using var api = RawHttpServer.Start("127.0.0.1", (_, stream, ct) => Raw.JsonAsync(stream, 200, Raw.Ticket, ct));
        var services = new ServiceCollection();
        services.AddTixalloClient(o =>
            {
                o.ApiKey = Key;
                o.BaseAddress = api.BaseAddress;
            })
            .AddHttpMessageHandler(() => new RewritingHandler(elsewhere.Origin));
        await using var provider = services.BuildServiceProvider();

        var error = Assert.CatchAsync<TixalloApiException>(() => provider.GetRequiredService<ITixalloClient>().Tickets.GetAsync("tkt_1"));

        Assert.That(error!.ErrorCode, Is.EqualTo("redirect_refused"), "another origin's ticket is not returned as the API's");
        Assert.That(api.Requests, Is.Empty);
        Assert.That(elsewhere.Requests.Single().Header("Authorization"), Is.Null, "the authentication handler below saw another origin");
    }

    private static TixalloClientOptions Options(RawHttpServer api, Action<TixalloClientOptions>? configure = null)
    {
        var options = new TixalloClientOptions { ApiKey = Key, BaseAddress = api.BaseAddress };
        configure?.Invoke(options);
        return options;
    }

    /// <summary>A handler of the caller's, between the SDK's, that sends every request to another origin.</summary>
    private sealed class RewritingHandler(Uri origin) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.RequestUri = new Uri(origin, request.RequestUri!.PathAndQuery);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
