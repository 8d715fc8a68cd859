using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Tixallo.Client.Hosting.Tests.Support;
using Tixallo.Client.Tests.Support;

namespace Tixallo.Client.Hosting.Tests;

/// <summary>Several workspaces in one app: each named client has its own key, options, HttpClient and rate budget.</summary>
public class NamedClientsTests
{
    [Test]
    public async Task TwoNamedClients_SendTheirOwnKeys()
    {
        await using var host = await TwoWorkspacesAsync();
        host.Stub.Respond(HttpStatusCode.OK, Payloads.Ticket());
        var reporter = host.Services.GetRequiredService<Reporter>();

        await reporter.A.Tickets.GetAsync("tkt_1");
        await reporter.B.Tickets.GetAsync("tkt_1");
        await host.Services.GetRequiredKeyedService<ITixalloClient>("a").Tickets.GetAsync("tkt_1");

        Assert.That(host.Stub.Requests.Select(r => r.Header("Authorization")), Is.EqualTo(new[] { "Bearer " + TestHost.KeyA, "Bearer " + TestHost.KeyB, "Bearer " + TestHost.KeyA }));
        Assert.That(reporter.A, Is.Not.SameAs(reporter.B));
        Assert.That(host.Services.GetService<ITixalloClient>(), Is.Null, "no unnamed client was registered");
    }

    [Test]
    public async Task A429ForOne_DoesNotHoldTheOther()
    {
        await using var host = await TwoWorkspacesAsync();
        host.Stub.Respond(request => request.Headers.Authorization?.Parameter == TestHost.KeyA
            ? Limited()
            : StubHandler.Json(HttpStatusCode.OK, Payloads.Ticket()));
        var reporter = host.Services.GetRequiredService<Reporter>();

        var heldCall = reporter.A.Tickets.GetAsync("tkt_1");
        await host.Clock.NextSleepAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var other = await reporter.B.Tickets.GetAsync("tkt_1").WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(other.Id, Is.EqualTo("tkt_1"), "B answered without the clock moving: A's hold is A's alone");
        Assert.That(heldCall.IsCompleted, Is.False, "A is still waiting out its 429");
        host.Stub.Respond(HttpStatusCode.OK, Payloads.Ticket());
        await host.Clock.RunAsync(heldCall);
        Assert.That(host.Stub.Requests.Count(r => r.Header("Authorization") == "Bearer " + TestHost.KeyA), Is.EqualTo(2));
    }

    [Test]
    public async Task EachNamedClient_HasItsOwnOptionsAndHttpClient()
    {
        await using var host = await TwoWorkspacesAsync(b => b.Retry.MaxRetries = 0);
        host.Stub.Respond(HttpStatusCode.ServiceUnavailable);
        var reporter = host.Services.GetRequiredService<Reporter>();
        var monitor = host.Services.GetRequiredService<IOptionsMonitor<TixalloClientOptions>>();

        Assert.ThrowsAsync<TixalloServerException>(() => host.Clock.RunAsync(reporter.A.Tickets.GetAsync("tkt_1")));
        var countAfterA = host.Stub.RequestCount;
        Assert.ThrowsAsync<TixalloServerException>(() => host.Clock.RunAsync(reporter.B.Tickets.GetAsync("tkt_1")));

        Assert.That(countAfterA, Is.EqualTo(5), "A keeps the default 4 retries");
        Assert.That(host.Stub.RequestCount - countAfterA, Is.EqualTo(1), "B's own MaxRetries = 0");
        Assert.That(monitor.Get("a").ApiKey, Is.EqualTo(TestHost.KeyA));
        Assert.That(monitor.Get("b").ApiKey, Is.EqualTo(TestHost.KeyB));
    }

    [Test]
    public async Task ANamedClientBoundFromConfiguration_FollowsAReloadOfItsSection()
    {
        await using var host = await TestHost.StartAsync((builder, parts) =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Workspaces:A:ApiKey"] = TestHost.KeyA,
                ["Workspaces:A:BaseAddress"] = TestHost.BaseAddress.AbsoluteUri,
                ["Workspaces:B:ApiKey"] = TestHost.KeyB,
                ["Workspaces:B:BaseAddress"] = TestHost.BaseAddress.AbsoluteUri,
            });
            parts.OnStub(builder.Services.AddTixalloClient("a", builder.Configuration.GetSection("Workspaces:A")));
            parts.OnStub(builder.Services.AddTixalloClient("b", builder.Configuration.GetSection("Workspaces:B")));
        });
        host.Stub.Respond(HttpStatusCode.OK, Payloads.Ticket());
        var configuration = (IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>();

        configuration["Workspaces:A:ApiKey"] = "tx_test_workspace_a_rotated";
        configuration.Reload();
        await host.Services.GetRequiredKeyedService<ITixalloClient>("a").Tickets.GetAsync("tkt_1");
        await host.Services.GetRequiredKeyedService<ITixalloClient>("b").Tickets.GetAsync("tkt_1");

        Assert.That(host.Stub.Requests.Select(r => r.Header("Authorization")), Is.EqualTo(new[] { "Bearer tx_test_workspace_a_rotated", "Bearer " + TestHost.KeyB }));
    }

    [Test]
    public async Task TheUnnamedClient_StaysAsItWas_BesideNamedOnes()
    {
        await using var host = await TestHost.StartAsync((builder, parts) =>
        {
            parts.OnStub(builder.Services.AddTixalloClient(o => parts.Sdk(o, "tx_test_default")));
            parts.OnStub(builder.Services.AddTixalloClient("a", o => parts.Sdk(o)));
        });
        host.Stub.Respond(HttpStatusCode.OK, Payloads.Ticket());

        await host.Client.Tickets.GetAsync("tkt_1");
        await host.Services.GetRequiredKeyedService<ITixalloClient>("a").Tickets.GetAsync("tkt_1");

        Assert.That(host.Stub.Requests.Select(r => r.Header("Authorization")), Is.EqualTo(new[] { "Bearer tx_test_default", "Bearer " + TestHost.KeyA }));
    }

    [Test]
    public async Task TheSameNameTwice_AddsSettingsToOneClient()
    {
        await using var host = await TestHost.StartAsync((builder, parts) =>
        {
            parts.OnStub(builder.Services.AddTixalloClient("a", o => parts.Sdk(o)));
            builder.Services.AddTixalloClient("a", o => o.Retry.MaxRetries = 1);
        });
        host.Stub.Respond(HttpStatusCode.ServiceUnavailable);

        var error = Assert.ThrowsAsync<TixalloServerException>(() => host.Clock.RunAsync(host.Services.GetRequiredKeyedService<ITixalloClient>("a").Tickets.GetAsync("tkt_1")));

        Assert.That(host.Stub.RequestCount, Is.EqualTo(2), "one retry pipeline, with the second call's MaxRetries = 1");
        Assert.That(error!.Attempts, Is.EqualTo(2));
    }

    [Test]
    public async Task AnInvalidNamedClient_FailsAtStart_NamingTheClientAndTheSetting()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddTixalloClient("a", o => o.ApiKey = TestHost.KeyA);
        builder.Services.AddTixalloClient("b", o => o.BaseAddress = new Uri("http://api.tixallo.com/v1/"));
        using var host = builder.Build();

        var error = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.That(error!.Message, Does.Contain("Tixallo client 'b'").And.Contain("ApiKey is required").And.Contain("BaseAddress"));
        Assert.That(error.Message, Does.Not.Contain("'a'"));
        await host.StopAsync();
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase(" ")]
    public void ABlankName_IsRefusedNamingTheArgument(string? name)
    {
        var services = new ServiceCollection();

        var error = Assert.Catch<ArgumentException>(() => services.AddTixalloClient(name!, o => o.ApiKey = TestHost.KeyA));

        Assert.That(error!.ParamName, Is.EqualTo("name"));
    }

    private static Task<TestHost> TwoWorkspacesAsync(Action<TixalloClientOptions>? configureB = null) =>
        TestHost.StartAsync((builder, parts) =>
        {
            parts.OnStub(builder.Services.AddTixalloClient("a", o => parts.Sdk(o, TestHost.KeyA)));
            parts.OnStub(builder.Services.AddTixalloClient("b", o =>
            {
                parts.Sdk(o, TestHost.KeyB);
                configureB?.Invoke(o);
            }));
            builder.Services.AddSingleton<Reporter>();
        });

    private static HttpResponseMessage Limited()
    {
        var response = StubHandler.Json(HttpStatusCode.TooManyRequests, """{"error":"Too many requests"}""");
        response.Headers.TryAddWithoutValidation("Retry-After", "30");
        return response;
    }

    /// <summary>A service of the app's that works in both workspaces, its clients injected by name.</summary>
    private sealed class Reporter([FromKeyedServices("a")] ITixalloClient a, [FromKeyedServices("b")] ITixalloClient b)
    {
        public ITixalloClient A { get; } = a;

        public ITixalloClient B { get; } = b;
    }
}
