using Microsoft.Extensions.DependencyInjection;
using Polly;
using Polly.Bulkhead;
using Polly.Extensions.Http;
using WireMock.RequestBuilders;

namespace Tixallo.Client.IntegrationTests;

/// <summary>
/// A consumer's own Microsoft.Extensions.Http.Polly policies on the builder <c>AddTixalloClient</c> returns: they run
/// per attempt, below the SDK's retries, and whatever they throw reaches the caller as a typed exception.
/// </summary>
public class PolicyHandlerTests : IntegrationTest
{
    private const int FailuresBeforeBreaking = 3;

    // Polly.Core (through the SDK) and Polly 7 (through Microsoft.Extensions.Http.Polly) both declare this name; the policies here are Polly 7's.
    private static readonly Type BrokenCircuit = Type.GetType("Polly.CircuitBreaker.BrokenCircuitException, Polly", throwOnError: true)!;

    private static IRequestBuilder GetTicket => Request.Create().WithPath("/v1/tickets/tkt_p").UsingGet();

    [Test]
    public async Task Breaker_OpensAfterNFailures_ThenCallsFailFastTyped_AndTheCountsAgree()
    {
        ApiStubs.Given(GetTicket, ApiStubs.Json(503, """{"error": "down"}"""));
        // Open for a minute: however slowly the second call follows, it meets the open circuit.
        await using var provider = Provider(Breaker(TimeSpan.FromMinutes(1)), maxRetries: 4);
        var client = provider.GetRequiredService<ITixalloClient>();

        var opened = Assert.ThrowsAsync<TixalloConnectionException>(() => client.Tickets.GetAsync("tkt_p"));
        var fastFailure = Assert.ThrowsAsync<TixalloConnectionException>(() => client.Tickets.GetAsync("tkt_p"));

        Assert.Multiple(() =>
        {
            Assert.That(opened!.InnerException, Is.InstanceOf(BrokenCircuit));
            Assert.That(opened.Attempts, Is.EqualTo(FailuresBeforeBreaking + 1), "three 503s counted by the breaker, then its refusal, which the SDK does not retry");
            Assert.That(opened.CorrelationId, Is.EqualTo(Journal()[0].Header("x-correlation-id")));
            Assert.That(opened.RequestMayHaveBeenProcessed, Is.False);
            Assert.That(fastFailure!.InnerException, Is.InstanceOf(BrokenCircuit));
            Assert.That(fastFailure.Attempts, Is.EqualTo(1), "an open circuit fails the next call at once");
            Assert.That(Journal(), Has.Count.EqualTo(FailuresBeforeBreaking), "the server saw exactly the attempts the breaker counted");
        });
    }

    [Test]
    public async Task Breaker_HalfOpen_RecoversWhenTheServerDoes()
    {
        ApiStubs.Sequence(GetTicket, ApiStubs.Json(503, "{}"), ApiStubs.Json(503, "{}"), ApiStubs.Json(503, "{}"), ApiStubs.Json(200, ApiStubs.Ticket));
        var breakDuration = TimeSpan.FromMilliseconds(300);
        await using var provider = Provider(Breaker(breakDuration), maxRetries: 2);
        var client = provider.GetRequiredService<ITixalloClient>();
        Assert.ThrowsAsync<TixalloServerException>(() => client.Tickets.GetAsync("tkt_p"), "three 503s open the circuit on the last attempt");

        await Task.Delay(breakDuration * 2); // Polly 7's breaker reads the system clock: no TimeProvider to advance.
        var ticket = await client.Tickets.GetAsync("tkt_p");

        Assert.That(ticket.Id, Is.EqualTo("tkt_1"));
        Assert.That(Journal(), Has.Count.EqualTo(4), "the half-open trial went through and closed the circuit");
    }

    [Test]
    public async Task Bulkhead_Rejection_IsATypedConnectionException()
    {
        ApiStubs.Given(GetTicket, ApiStubs.Json(200, ApiStubs.Ticket).WithDelay(TimeSpan.FromMilliseconds(500)));
        await using var provider = Provider(Policy.BulkheadAsync<HttpResponseMessage>(maxParallelization: 1, maxQueuingActions: 0), maxRetries: 2);
        var client = provider.GetRequiredService<ITixalloClient>();

        var first = client.Tickets.GetAsync("tkt_p");
        var second = Assert.ThrowsAsync<TixalloConnectionException>(() => client.Tickets.GetAsync("tkt_p"));
        await first;

        Assert.That(second!.InnerException, Is.InstanceOf<BulkheadRejectedException>());
        Assert.That(second.Attempts, Is.EqualTo(1));
    }

    [Test]
    public async Task CallerCancellation_WithAPolicyBelow_StaysOperationCanceled()
    {
        ApiStubs.Given(GetTicket, ApiStubs.Json(200, ApiStubs.Ticket).WithDelay(TimeSpan.FromMilliseconds(800)));
        await using var provider = Provider(Breaker(TimeSpan.FromMinutes(1)), maxRetries: 2);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var error = Assert.CatchAsync<OperationCanceledException>(() => provider.GetRequiredService<ITixalloClient>().Tickets.GetAsync("tkt_p", cancellation.Token));

        Assert.That(error!.CancellationToken, Is.EqualTo(cancellation.Token));
        Assert.That(await JournalOnceItHolds(1), Has.Count.EqualTo(1));
    }

    private static IAsyncPolicy<HttpResponseMessage> Breaker(TimeSpan breakDuration) =>
        HttpPolicyExtensions.HandleTransientHttpError().CircuitBreakerAsync(FailuresBeforeBreaking, breakDuration);

    private static ServiceProvider Provider(IAsyncPolicy<HttpResponseMessage> policy, int maxRetries)
    {
        var services = new ServiceCollection();
        services.AddTixalloClient(o =>
            {
                o.ApiKey = ApiKey;
                o.BaseAddress = BaseAddress;
                FastRetries(o);
                o.Retry.MaxRetries = maxRetries;
            })
            .AddPolicyHandler(policy);
        return services.BuildServiceProvider();
    }
}
