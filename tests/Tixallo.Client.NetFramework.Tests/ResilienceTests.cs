using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Tixallo.Client.NetFramework.Tests.Support;

namespace Tixallo.Client.NetFramework.Tests;

/// <summary>Retries, Retry-After, the unknown outcome of a POST, cancellation and correlation ids, on .NET Framework's handler.</summary>
public class ResilienceTests : FakeServerFixture
{

    [TearDown]
    public Task NoFaultLeft() => Fake.ClearFaultsAsync();

    [Test]
    public async Task A503_IsRetried_UntilTheTicketComes()
    {
        var ticket = await Client.Tickets.CreateAsync(new CreateTicketRequest { Subject = "Retry me", CustomerEmail = "a@example.com" });
        await Fake.InjectAsync("{\"status\":503,\"times\":2,\"path\":\"tickets\"}");

        var read = await Client.Tickets.GetAsync(ticket.Id);

        Assert.That(read.Subject, Is.EqualTo("Retry me"));
    }

    [Test]
    public async Task A503_ThatDoesNotHeal_EndsAsAServerError_AfterEveryAttempt()
    {
        await Fake.InjectAsync("{\"status\":503,\"times\":10,\"path\":\"tickets\"}");
        using var client = Fake.CreateClient(o => o.Retry.MaxRetries = 2);

        var error = Assert.ThrowsAsync<TixalloServerException>(() => client.Tickets.GetAsync("tkt_1"));

        Assert.That(error!.Attempts, Is.EqualTo(3));
    }

    [Test]
    public async Task A429_IsWaitedOut_ForItsRetryAfter()
    {
        var ticket = await Client.Tickets.CreateAsync(new CreateTicketRequest { Subject = "Patience", CustomerEmail = "a@example.com" });
        await Fake.InjectAsync("{\"status\":429,\"retryAfterSeconds\":1,\"path\":\"tickets\"}");
        var watch = Stopwatch.StartNew();

        var read = await Client.Tickets.GetAsync(ticket.Id);

        Assert.That(read.Id, Is.EqualTo(ticket.Id));
        Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(900)), "the retry went before the Retry-After was over");
    }

    [Test]
    public async Task APost_WhoseConnectionDropsAfterTheRequest_IsNotRetried()
    {
        using var client = Fake.CreateClient(apiKey: await Fake.CreateKeyAsync("ws_unknown_outcome"));
        await Fake.InjectAsync("{\"abort\":true,\"path\":\"tickets\"}");

        var error = Assert.ThrowsAsync<TixalloConnectionException>(() =>
            client.Tickets.CreateAsync(new CreateTicketRequest { Subject = "Once", CustomerEmail = "a@example.com" }));

        Assert.Multiple(() =>
        {
            Assert.That(error!.RequestMayHaveBeenProcessed, Is.True);
            Assert.That(error.Attempts, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task AGet_WhoseConnectionDrops_IsRetried()
    {
        var ticket = await Client.Tickets.CreateAsync(new CreateTicketRequest { Subject = "Again", CustomerEmail = "a@example.com" });
        await Fake.InjectAsync("{\"abort\":true,\"path\":\"tickets\"}");

        var read = await Client.Tickets.GetAsync(ticket.Id);

        Assert.That(read.Subject, Is.EqualTo("Again"));
    }

    [Test]
    public void AConnectionRefused_IsTold_AsNeverSent()
    {
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        using var client = new TixalloClient(new TixalloClientOptions
        {
            ApiKey = "tx_test_nobody",
            BaseAddress = new Uri($"http://127.0.0.1:{port}/v1/"),
            Retry = { MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(10) },
        });

        var error = Assert.ThrowsAsync<TixalloConnectionException>(() =>
            client.Tickets.CreateAsync(new CreateTicketRequest { Subject = "s", CustomerEmail = "a@example.com" }));

        Assert.Multiple(() =>
        {
            Assert.That(error!.RequestMayHaveBeenProcessed, Is.False);
            Assert.That(error.Attempts, Is.EqualTo(2), "a POST that never left is retried");
        });
    }

    [Test]
    public void ATlsHandshakeThatFails_IsNotRetried_AndWasNeverProcessed()
    {
        // A peer that answers a TLS hello with plain HTTP: the handshake cannot succeed.
        using var server = new RawServer("200 OK", "application/json", new byte[] { (byte)'{', (byte)'}' }, answerFirst: true);
        using var client = new TixalloClient(new TixalloClientOptions
        {
            ApiKey = "tx_test_tls",
            BaseAddress = new UriBuilder(server.BaseAddress) { Scheme = "https" }.Uri,
            Retry = { MaxRetries = 3, BaseDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(10) },
        });

        var error = Assert.ThrowsAsync<TixalloConnectionException>(() => client.Tickets.GetAsync("tkt_1"));

        Assert.Multiple(() =>
        {
            Assert.That(error!.RequestMayHaveBeenProcessed, Is.False);
            Assert.That(error.Attempts, Is.EqualTo(1), error.ToString());
        });
    }

    [Test]
    public async Task ACancelledCall_EndsPromptly_AsCancelled()
    {
        await Fake.InjectAsync("{\"delayMs\":20000,\"path\":\"tickets\"}");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        Assert.That(async () => await Client.Tickets.GetAsync("tkt_1", cancel.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void TheCorrelationId_TheCallerGives_ComesBackOnTheError()
    {
        var scoped = Client.WithOptions(new TixalloRequestOptions { CorrelationId = "support-case-1234" });

        var error = Assert.ThrowsAsync<TixalloNotFoundException>(() => scoped.Tickets.GetAsync("tkt_missing"));

        Assert.That(error!.CorrelationId, Is.EqualTo("support-case-1234"));
    }
}
