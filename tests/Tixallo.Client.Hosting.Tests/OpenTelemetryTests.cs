using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;
using Tixallo.Client.Testing;

namespace Tixallo.Client.Hosting.Tests;

/// <summary>
/// The SDK under the OpenTelemetry SDK, as README's two lines turn it on, over a real socket to the fake API: one span
/// per call with where it went, an event per retry that says why, and an HTTP span per attempt that says which resend it is.
/// </summary>
public class OpenTelemetryTests
{
    [Test]
    public async Task ARetriedCall_IsOneSpanWithServerAndRetryEvent_OverOneHttpSpanPerAttempt()
    {
        await using var fake = await TixalloFakeServer.StartAsync();
        var apiKey = fake.CreateApiKey();
        var exported = new List<Activity>();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing
            .AddSource("Tixallo.Client")
            .AddHttpClientInstrumentation(o => o.EnrichWithHttpRequestMessage = (activity, request) =>
            {
                if (request.Options.TryGetValue(TixalloHttpRequestOptions.AttemptNumber, out var attempt) && attempt > 1)
                {
                    activity.SetTag("http.request.resend_count", attempt - 1);
                }
            })
            .AddInMemoryExporter(exported));
        builder.Services.AddTixalloClient(o =>
        {
            o.ApiKey = apiKey;
            o.BaseAddress = fake.BaseAddress;
            o.Retry.BaseDelay = TimeSpan.FromMilliseconds(1);
        });
        using var host = builder.Build();
        await host.StartAsync();
        var created = await host.Services.GetRequiredService<ITixalloClient>().Tickets.CreateAsync(new CreateTicketRequest { Subject = "Span", CustomerEmail = "ada@example.com" });
        fake.InjectFault(TixalloFault.Status(503), times: 1);

        await host.Services.GetRequiredService<ITixalloClient>().Tickets.GetAsync(created.Id);
        await host.StopAsync();

        var call = exported.Single(a => a.Source.Name == "Tixallo.Client" && a.DisplayName == "tickets.get");
        var attempts = exported.Where(a => a.ParentSpanId == call.SpanId).ToList();
        var retry = call.Events.Single();
        var retryTags = retry.Tags.ToDictionary(t => t.Key, t => t.Value);
        Assert.Multiple(() =>
        {
            Assert.That(call.GetTagItem("server.address"), Is.EqualTo(fake.BaseAddress.Host));
            Assert.That(call.GetTagItem("server.port"), Is.EqualTo(fake.BaseAddress.Port));
            Assert.That(call.GetTagItem("tixallo.attempts"), Is.EqualTo(2));
            Assert.That(retry.Name, Is.EqualTo("tixallo.retry"));
            Assert.That(retryTags["tixallo.attempt"], Is.EqualTo(1), "the attempt that failed");
            Assert.That(retryTags["tixallo.retry.reason"], Is.EqualTo("503"));
            Assert.That(retryTags["http.response.status_code"], Is.EqualTo(503));
            Assert.That(retryTags["tixallo.retry.delay"], Is.TypeOf<double>().And.GreaterThan(0).And.LessThan(1));
            Assert.That(attempts.Select(a => a.GetTagItem("http.response.status_code")), Is.EqualTo(new object[] { 503, 200 }), "an HTTP span per attempt, under the call's");
            Assert.That(attempts.Select(a => a.GetTagItem("http.request.resend_count")), Is.EqualTo(new object?[] { null, 1 }));
            Assert.That(attempts.Select(a => a.GetTagItem("server.port")), Is.All.EqualTo(fake.BaseAddress.Port));
        });
        var everyValue = exported.SelectMany(a => a.TagObjects.Select(t => t.Value?.ToString()).Concat(a.Events.SelectMany(e => e.Tags.Select(t => t.Value?.ToString()))));
        Assert.That(everyValue, Has.None.Contains(apiKey), "the key is in no tag");
    }

    [Test]
    public async Task AConnectionThatFails_IsTheRetryEventsReason()
    {
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Tixallo.Client",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        var stopped = new List<Activity>();
        listener.ActivityStopped = stopped.Add;
        ActivitySource.AddActivityListener(listener);
        // A loopback port nobody listens on: each connect is refused before a byte is sent.
        using var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        using var client = new TixalloClient(new TixalloClientOptions
        {
            ApiKey = "tx_test_refused",
            BaseAddress = new Uri($"http://127.0.0.1:{port}/v1/"),
            Retry = { MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(1) },
        });

        Assert.ThrowsAsync<TixalloConnectionException>(() => client.Tickets.GetAsync("tkt_1"));

        var retry = stopped.Single(a => a.DisplayName == "tickets.get").Events.Single();
        Assert.That(retry.Tags.Single(t => t.Key == "tixallo.retry.reason").Value, Is.EqualTo("connection_failed"));
        Assert.That(retry.Tags.Select(t => t.Key), Has.None.EqualTo("http.response.status_code"));
    }
}
