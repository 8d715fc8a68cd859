using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Polly;
using Polly.Extensions.Http;
using Tixallo.Client.Hosting.Tests.Support;
using Tixallo.Client.Tests.Support;

namespace Tixallo.Client.Hosting.Tests;

/// <summary>
/// An app with .NET Aspire's ServiceDefaults (<c>ConfigureHttpClientDefaults(h =&gt; h.AddStandardResilienceHandler())</c>):
/// the SDK's calls keep the SDK's retries and timeouts alone, whichever comes first in Program.cs.
/// </summary>
public class AspireDefaultsTests
{
    [TestCase(true, TestName = "{m}(ServiceDefaults before AddTixalloClient)")]
    [TestCase(false, TestName = "{m}(ServiceDefaults after AddTixalloClient)")]
    public async Task AnAlways503Answer_ReachesTheServerAsOftenAsTheSdkAloneSendsIt(bool defaultsFirst)
    {
        await using var host = await TestHost.StartAsync((builder, parts) =>
        {
            if (defaultsFirst)
            {
                builder.AddServiceDefaults();
            }

            parts.OnStub(builder.Services.AddTixalloClient(o => parts.Sdk(o)));
            if (!defaultsFirst)
            {
                builder.AddServiceDefaults();
            }
        });
        host.Stub.Respond(HttpStatusCode.ServiceUnavailable);

        var error = Assert.ThrowsAsync<TixalloServerException>(() => host.Clock.RunAsync(host.Client.Tickets.GetAsync("tkt_1")));

        Assert.That(host.Stub.RequestCount, Is.EqualTo(5), "1 attempt and the SDK's 4 retries; the standard handler would make each 4");
        Assert.That(error!.Attempts, Is.EqualTo(5));
        Assert.That(host.Clock.Sleeps, Is.EqualTo(new[] { 1.0, 2, 4, 8 }.Select(TimeSpan.FromSeconds)), "the SDK's backoff, and no other wait");
    }

    [TestCase("hedging")]
    [TestCase("custom")]
    public async Task OtherResilienceHandlersFromHostWideDefaults_AreRemovedToo(string kind)
    {
        await using var host = await TestHost.StartAsync((builder, parts) =>
        {
            builder.Services.ConfigureHttpClientDefaults(http =>
            {
                if (kind == "hedging")
                {
                    http.AddStandardHedgingHandler();
                }
                else
                {
                    http.AddResilienceHandler("app-wide", pipeline => pipeline.AddRetry(new HttpRetryStrategyOptions { MaxRetryAttempts = 5 }));
                }
            });
            parts.OnStub(builder.Services.AddTixalloClient(o => parts.Sdk(o)));
        });
        host.Stub.Respond(HttpStatusCode.ServiceUnavailable);

        var error = Assert.ThrowsAsync<TixalloServerException>(() => host.Clock.RunAsync(host.Client.Tickets.GetAsync("tkt_1")));

        Assert.That(host.Stub.RequestCount, Is.EqualTo(5));
        Assert.That(error!.Attempts, Is.EqualTo(5));
    }

    [Test]
    public async Task AnAlways429Answer_IsWaitedOutByTheSdkAlone()
    {
        await using var host = await TestHost.StartAsync((builder, parts) =>
        {
            builder.AddServiceDefaults();
            parts.OnStub(builder.Services.AddTixalloClient(o => parts.Sdk(o)));
        });
        host.Stub.Respond(HttpStatusCode.TooManyRequests, """{"error":"Too many requests"}""", r => r.Headers.TryAddWithoutValidation("Retry-After", "2"));

        var error = Assert.ThrowsAsync<TixalloRateLimitException>(() => host.Clock.RunAsync(host.Client.Tickets.GetAsync("tkt_1")));

        Assert.That(host.Stub.RequestCount, Is.EqualTo(5), "the SDK's 5 attempts, each waiting the 2 s asked for; the standard handler would make each 4");
        Assert.That(error!.Attempts, Is.EqualTo(5));
    }

    [Test]
    public async Task AnAnswerTakingTwelveSeconds_SucceedsWithAnAttemptTimeoutOfTwentySeconds()
    {
        await using var host = await TestHost.StartAsync((builder, parts) =>
        {
            builder.AddServiceDefaults();
            parts.OnStub(builder.Services.AddTixalloClient(o =>
            {
                parts.Sdk(o);
                o.AttemptTimeout = TimeSpan.FromSeconds(20);
            }));
        });
        host.Stub.Respond(async (_, token) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(12), host.Clock, token);
            return StubHandler.Json(HttpStatusCode.OK, Payloads.Ticket());
        });

        var ticket = await host.Clock.RunAsync(host.Client.Tickets.GetAsync("tkt_1"));

        Assert.That(ticket.Id, Is.EqualTo("tkt_1"), "the standard handler's 10 s attempt timeout would have cut it");
        Assert.That(host.Stub.RequestCount, Is.EqualTo(1));
    }

    [Test]
    public async Task AStandardHandlerAddedOnTheSdksBuilder_IsKept()
    {
        await using var host = await TestHost.StartAsync((builder, parts) =>
        {
            builder.AddServiceDefaults();
            parts.OnStub(builder.Services.AddTixalloClient(o =>
                {
                    parts.Sdk(o);
                    o.Retry.MaxRetries = 0;
                }))
                .AddStandardResilienceHandler(o => o.Retry.UseJitter = false);
        });
        host.Stub.Respond(HttpStatusCode.ServiceUnavailable);

        var error = Assert.ThrowsAsync<TixalloServerException>(() => host.Clock.RunAsync(host.Client.Tickets.GetAsync("tkt_1")));

        Assert.That(host.Stub.RequestCount, Is.EqualTo(4), "the handler the user asked for: 1 attempt and its 3 retries");
        Assert.That(error!.Attempts, Is.EqualTo(1), "the SDK's own retries are off");
    }

    [Test]
    public async Task APollyPolicyFromHostWideDefaults_IsRemovedToo_AndOtherDefaultHandlersStay()
    {
        var marker = new MarkerHandler.Count();
        await using var host = await TestHost.StartAsync((builder, parts) =>
        {
            builder.Services.ConfigureHttpClientDefaults(http => http
                .AddPolicyHandler(HttpPolicyExtensions.HandleTransientHttpError().RetryAsync(3))
                .AddHttpMessageHandler(() => new MarkerHandler(marker)));
            parts.OnStub(builder.Services.AddTixalloClient(o =>
            {
                parts.Sdk(o);
                o.Retry.MaxRetries = 1;
            }));
        });
        host.Stub.Respond(HttpStatusCode.ServiceUnavailable);

        Assert.ThrowsAsync<TixalloServerException>(() => host.Clock.RunAsync(host.Client.Tickets.GetAsync("tkt_1")));

        Assert.That(host.Stub.RequestCount, Is.EqualTo(2), "the SDK's 1 retry; the policy's 3 would make each attempt 4");
        Assert.That(marker.Value, Is.EqualTo(2), "a host-wide handler that is not a resilience handler runs on every attempt");
    }

    [Test]
    public async Task TheAppsOtherClients_KeepTheStandardHandler()
    {
        await using var host = await TestHost.StartAsync((builder, parts) =>
        {
            builder.AddServiceDefaults();
            parts.OnStub(builder.Services.AddTixalloClient(o => parts.Sdk(o)));
            parts.OnStub(builder.Services.AddHttpClient("other"));
        });
        host.Stub.Respond(HttpStatusCode.ServiceUnavailable);
        var other = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("other");

        using var response = await host.Clock.RunAsync(other.GetAsync(new Uri("https://other.test/")));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(host.Stub.RequestCount, Is.EqualTo(4), "the standard handler's 3 retries on a client that is not the SDK's");
    }

    [Test]
    public async Task TheRemoval_IsLoggedOnceAtInformation_NamingTheHandlerAndTheClient()
    {
        await using var host = await TestHost.StartAsync((builder, parts) =>
        {
            builder.Logging.AddFakeLogging();
            builder.AddServiceDefaults();
            parts.OnStub(builder.Services.AddTixalloClient(o => parts.Sdk(o)));
        });
        host.Stub.Respond(HttpStatusCode.OK, Payloads.Ticket());
        var factory = host.Services.GetRequiredService<IHttpClientFactory>();

        await host.Client.Tickets.GetAsync("tkt_1");
        // Handler chains the factory builds again (for a second client, after their lifetime) remove it silently.
        _ = factory.CreateClient(TixalloServiceCollectionExtensions.HttpClientName);

        var removals = host.Services.GetFakeLogCollector().GetSnapshot().Where(r => r.Id.Name == "HostResilienceRemoved").ToList();
        Assert.That(removals, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(removals[0].Level, Is.EqualTo(LogLevel.Information));
            Assert.That(removals[0].Category, Is.EqualTo("Tixallo.Client"));
            Assert.That(removals[0].Message, Does.Contain("Microsoft.Extensions.Http.Resilience.ResilienceHandler").And.Contain("'Tixallo.Client'").And.Contain("ConfigureHttpClientDefaults"));
        });
    }

    [Test]
    public async Task WithoutHostWideResilience_NothingIsRemovedNorLogged()
    {
        await using var host = await TestHost.StartAsync((builder, parts) =>
        {
            builder.Logging.AddFakeLogging();
            parts.OnStub(builder.Services.AddTixalloClient(o => parts.Sdk(o))).AddStandardResilienceHandler();
        });
        host.Stub.Respond(HttpStatusCode.OK, Payloads.Ticket());

        await host.Client.Tickets.GetAsync("tkt_1");

        Assert.That(host.Services.GetFakeLogCollector().GetSnapshot().Where(r => r.Id.Name == "HostResilienceRemoved"), Is.Empty);
    }

    /// <summary>A host-wide handler that only counts the requests it sees.</summary>
    private sealed class MarkerHandler(MarkerHandler.Count count) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref count.Value);
            return base.SendAsync(request, cancellationToken);
        }

        public sealed class Count
        {
            public int Value;
        }
    }
}
