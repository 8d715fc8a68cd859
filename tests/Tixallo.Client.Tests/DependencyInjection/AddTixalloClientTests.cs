using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Tixallo.Client.Tests.Support;

namespace Tixallo.Client.Tests.DependencyInjection;

public class AddTixalloClientTests : StubbedClientTest
{

    [Test]
    public async Task Resolve_SendsThroughTheSdkPipeline()
    {
        await using var provider = Provider(services => services.AddTixalloClient(Configure));
        Stub.Respond(HttpStatusCode.OK, Payloads.Ticket());

        var ticket = await provider.GetRequiredService<ITixalloClient>().Tickets.GetAsync("tkt_1");

        var sent = Stub.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(ticket.Id, Is.EqualTo("tkt_1"));
            Assert.That(sent.Uri.AbsoluteUri, Is.EqualTo("https://api.test.tixallo.com/v1/tickets/tkt_1"));
            Assert.That(sent.Header("Authorization"), Is.EqualTo("Bearer " + TestClients.ApiKey));
            Assert.That(sent.Header("x-correlation-id"), Is.Not.Null);
            Assert.That(sent.Header("User-Agent"), Does.StartWith("Tixallo.Client/"));
        });
    }

    [Test]
    public async Task Resolve_RetriesLikeANewClient()
    {
        await using var provider = Provider(services => services.AddTixalloClient(Configure));
        Stub.Respond(HttpStatusCode.ServiceUnavailable).Respond(HttpStatusCode.OK, Payloads.Ticket());

        await Clock.RunAsync(provider.GetRequiredService<ITixalloClient>().Tickets.GetAsync("tkt_1"));

        Assert.That(Stub.Requests, Has.Count.EqualTo(2));
        Assert.That(Stub.Requests.Select(r => r.Header("x-correlation-id")).Distinct().Count(), Is.EqualTo(1));
    }

    [Test]
    public async Task CalledTwice_AddsSettingsButNotASecondPipeline()
    {
        await using var provider = Provider(services =>
        {
            services.AddTixalloClient(Configure);
            return services.AddTixalloClient(o => o.Retry.MaxRetries = 1);
        });
        Stub.Respond(HttpStatusCode.ServiceUnavailable);

        var error = Assert.ThrowsAsync<TixalloServerException>(() => Clock.RunAsync(provider.GetRequiredService<ITixalloClient>().Tickets.GetAsync("tkt_1")));

        Assert.That(Stub.Requests, Has.Count.EqualTo(2), "one retry pipeline with the second call's MaxRetries = 1");
        Assert.That(Stub.Requests.Select(r => r.Headers["x-correlation-id"].Length), Is.All.EqualTo(1));
        Assert.That(error!.Attempts, Is.EqualTo(2));
    }

    [Test]
    public void Resolve_IsASingleton()
    {
        using var provider = Provider(services => services.AddTixalloClient(Configure));

        var first = provider.GetRequiredService<ITixalloClient>();
        var second = provider.GetRequiredService<ITixalloClient>();

        Assert.That(second, Is.SameAs(first));
    }

    [Test]
    public void Configuration_BindsEverySetting()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Tixallo:ApiKey"] = "tx_from_config",
            ["Tixallo:BaseAddress"] = "http://127.0.0.1:8080/v1/",
            ["Tixallo:AttemptTimeout"] = "00:00:05",
            ["Tixallo:TotalTimeout"] = "00:00:50",
            ["Tixallo:FollowMergedTickets"] = "true",
            ["Tixallo:Retry:MaxRetries"] = "2",
            ["Tixallo:Retry:BaseDelay"] = "00:00:00.250",
            ["Tixallo:Retry:MaxDelay"] = "00:00:10",
            ["Tixallo:Retry:UseJitter"] = "false",
            ["Tixallo:Retry:MaxRetryAfter"] = "00:00:30",
            ["Tixallo:Retry:RetryUnsafeMethods"] = "false",
        }).Build();
        using var provider = Provider(services => services.AddTixalloClient(configuration.GetSection("Tixallo")));

        var options = provider.GetRequiredService<IOptions<TixalloClientOptions>>().Value;

        Assert.Multiple(() =>
        {
            Assert.That(options.ApiKey, Is.EqualTo("tx_from_config"));
            Assert.That(options.BaseAddress, Is.EqualTo(new Uri("http://127.0.0.1:8080/v1/")));
            Assert.That(options.AttemptTimeout, Is.EqualTo(TimeSpan.FromSeconds(5)));
            Assert.That(options.TotalTimeout, Is.EqualTo(TimeSpan.FromSeconds(50)));
            Assert.That(options.FollowMergedTickets, Is.True);
            Assert.That(options.Retry.MaxRetries, Is.EqualTo(2));
            Assert.That(options.Retry.BaseDelay, Is.EqualTo(TimeSpan.FromMilliseconds(250)));
            Assert.That(options.Retry.MaxDelay, Is.EqualTo(TimeSpan.FromSeconds(10)));
            Assert.That(options.Retry.UseJitter, Is.False);
            Assert.That(options.Retry.MaxRetryAfter, Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(options.Retry.RetryUnsafeMethods, Is.False);
        });
    }

    [TestCase(null, "https://api.tixallo.com/v1/", "ApiKey")]
    [TestCase("tx_key", "/v1/", "BaseAddress")]
    [TestCase("tx_key", "http://api.tixallo.com/v1/", "BaseAddress")]
    public void InvalidOptions_FailAtStartWithTheSettingNamed(string? apiKey, string baseAddress, string setting)
    {
        using var provider = Provider(services => services.AddTixalloClient(o =>
        {
            o.ApiKey = apiKey;
            o.BaseAddress = new Uri(baseAddress, UriKind.RelativeOrAbsolute);
        }));

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.That(error!.Message, Does.Contain(setting));
    }

    [TestCase("http://127.0.0.1:8080/v1/")]
    [TestCase("http://localhost:8080/v1/")]
    [TestCase("http://[::1]:8080/v1/")]
    public void PlainHttpToLoopback_IsAllowed(string baseAddress)
    {
        using var provider = Provider(services => services.AddTixalloClient(o =>
        {
            o.ApiKey = "tx_key";
            o.BaseAddress = new Uri(baseAddress);
        }));

        Assert.DoesNotThrow(() => provider.GetRequiredService<IStartupValidator>().Validate());
    }

    [Test]
    public void NewClient_WithInvalidOptions_ThrowsArgumentExceptionNamingOptions()
    {
        var error = Assert.Throws<ArgumentException>(() => new TixalloClient(new TixalloClientOptions { ApiKey = "k", BaseAddress = new Uri("http://example.com/") }));

        Assert.That(error!.ParamName, Is.EqualTo("options"));
        Assert.That(error.Message, Does.Contain("BaseAddress"));
    }

    [Test]
    public void NewClient_WithEmptyKey_ThrowsNamingApiKey()
    {
        var error = Assert.Throws<ArgumentException>(() => new TixalloClient(" "));

        Assert.That(error!.ParamName, Is.EqualTo("apiKey"));
    }

    [Test]
    public async Task HttpClientFactoryTraceLogging_NeverHoldsTheApiKey_AndRunsInTheAttemptScope()
    {
        var logs = new FakeLogCollector();
        await using var provider = Provider(services =>
        {
            services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(logs)));
            services.AddTixalloClient(Configure);
        });
        Stub.Respond(HttpStatusCode.ServiceUnavailable).Respond(HttpStatusCode.OK, Payloads.Ticket());

        using (TixalloCorrelation.Begin("corr-di"))
        {
            await Clock.RunAsync(provider.GetRequiredService<ITixalloClient>().Tickets.GetAsync("tkt_1"));
        }

        var headerLogs = logs.GetSnapshot().Where(e => e.Category?.StartsWith("System.Net.Http.HttpClient", StringComparison.Ordinal) == true).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(headerLogs, Has.Some.Matches<FakeLogRecord>(e => e.AllText().Contains("x-correlation-id", StringComparison.OrdinalIgnoreCase)),
                "the factory's trace logging ran and logged headers");
            Assert.That(logs.AllText(), Does.Not.Contain(TestClients.ApiKey));
            Assert.That(logs.AllText(), Does.Not.Contain("Bearer"));
            Assert.That(headerLogs.SelectMany(e => e.Scopes).Select(scope => scope?.ToString()), Has.Some.EqualTo("Tixallo call corr-di attempt 2"));
        });
    }

    [Test]
    public async Task HeaderLoggingOfTheClientHandlerAlone_StillNeverHoldsTheApiKey()
    {
        var logs = new FakeLogCollector();
        await using var provider = Provider(services =>
        {
            services.AddLogging(b => b.SetMinimumLevel(LogLevel.Information)
                .AddFilter("System.Net.Http.HttpClient.Tixallo.Client.ClientHandler", LogLevel.Trace)
                .AddProvider(new FakeLoggerProvider(logs)));
            services.AddTixalloClient(Configure);
        });
        Stub.Respond(HttpStatusCode.ServiceUnavailable).Respond(HttpStatusCode.OK, Payloads.Ticket());

        await Clock.RunAsync(provider.GetRequiredService<ITixalloClient>().Tickets.GetAsync("tkt_1"));

        Assert.Multiple(() =>
        {
            Assert.That(logs.AllText(), Does.Contain("x-correlation-id").IgnoreCase, "the client handler's header logging ran");
            Assert.That(logs.AllText(), Does.Not.Contain(TestClients.ApiKey));
        });
    }

    [TestCase(LogLevel.Information, true)]
    [TestCase(LogLevel.Trace, false)]
    public async Task TheKeyGoesOnACopy_OnlyWhileTheFactoryLogsHeaders(LogLevel level, bool keyOnTheRequestItself)
    {
        HttpRequestMessage? seen = null;
        await using var provider = Provider(services =>
        {
            services.AddLogging(b => b.SetMinimumLevel(level).AddProvider(new FakeLoggerProvider(new FakeLogCollector())));
            services.AddTixalloClient(Configure).AddHttpMessageHandler(() => new SpyHandler(request => seen = request));
        });
        Stub.Respond(HttpStatusCode.OK, Payloads.Ticket());

        await Clock.RunAsync(provider.GetRequiredService<ITixalloClient>().Tickets.GetAsync("tkt_1"));

        Assert.That(seen!.Headers.Contains("Authorization"), Is.EqualTo(keyOnTheRequestItself));
        Assert.That(Stub.Requests.Single().Header("Authorization"), Is.EqualTo("Bearer " + TestClients.ApiKey), "the key went out either way");
    }

    [Test]
    public async Task ReturnedBuilder_AddsHandlersBelowTheSdkOnes()
    {
        var seen = new List<string?>();
        await using var provider = Provider(services => services.AddTixalloClient(Configure)
            .AddHttpMessageHandler(() => new SpyHandler(request => seen.Add(request.Headers.TryGetValues("x-correlation-id", out var v) ? v.Single() : null))));
        Stub.Respond(HttpStatusCode.ServiceUnavailable).Respond(HttpStatusCode.OK, Payloads.Ticket());

        await Clock.RunAsync(provider.GetRequiredService<ITixalloClient>().Tickets.GetAsync("tkt_1"));

        Assert.That(seen, Has.Count.EqualTo(2), "runs once per attempt, below the retry handler");
        Assert.That(seen, Is.All.Not.Null, "runs below the correlation handler");
    }

    [Test]
    public async Task AHandlerOnTheBuilderThatReplacesTheRequest_IsRetriedAndAuthorizedLikeTheSdksOwn()
    {
        await using var provider = Provider(services => services.AddTixalloClient(Configure).AddHttpMessageHandler(() => new ReplacingHandler()));
        Stub.Respond(HttpStatusCode.ServiceUnavailable).Respond(HttpStatusCode.OK, Payloads.Ticket());

        var ticket = await Clock.RunAsync(provider.GetRequiredService<ITixalloClient>().Tickets.GetAsync("tkt_1"));

        Assert.That(ticket.Id, Is.EqualTo("tkt_1"));
        Assert.That(Stub.Requests, Has.Count.EqualTo(2));
        Assert.That(Stub.Requests.Select(r => r.Header("Authorization")), Is.All.EqualTo("Bearer " + TestClients.ApiKey));
        Assert.That(Stub.Requests.Select(r => r.Header("x-correlation-id")).Distinct().Count(), Is.EqualTo(1));
    }

    [Test]
    public async Task ARequestTheSdkDidNotBuild_PassesItsRetriesUntouched_AndTheCallStillEndsTyped()
    {
        // A handler-builder filter puts a handler above the SDK's that replaces the SDK's request with its own.
        await using var provider = Provider(services =>
        {
            services.AddSingleton<IHttpMessageHandlerBuilderFilter>(new ReplacingFilter());
            services.AddTixalloClient(Configure);
        });
        var client = provider.GetRequiredService<ITixalloClient>();
        Stub.Respond(HttpStatusCode.ServiceUnavailable).Respond(HttpStatusCode.OK, Payloads.Ticket());

        var error = Assert.ThrowsAsync<TixalloServerException>(() => client.Tickets.GetAsync("tkt_1"));
        var ticket = await client.Tickets.GetAsync("tkt_1");

        Assert.That(error!.Attempts, Is.EqualTo(1));
        Assert.That(Stub.Requests, Has.Count.EqualTo(2), "one request per call: no retry for a request the SDK cannot judge");
        Assert.That(ticket.Id, Is.EqualTo("tkt_1"), "the body is still read within the SDK's limits");
        Assert.That(Stub.Requests.Select(r => r.Header("Authorization")), Is.All.EqualTo("Bearer " + TestClients.ApiKey));
    }

    private void Configure(TixalloClientOptions options)
    {
        options.ApiKey = TestClients.ApiKey;
        options.BaseAddress = TestClients.BaseAddress;
        options.TimeProvider = Clock;
        options.Retry.UseJitter = false;
    }

    private ServiceProvider Provider(Func<IServiceCollection, IHttpClientBuilder> register)
    {
        var services = new ServiceCollection();
        register(services).ConfigurePrimaryHttpMessageHandler(() => Stub);
        return services.BuildServiceProvider();
    }

    private ServiceProvider Provider(Action<IServiceCollection> register) => Provider(services =>
    {
        register(services);
        return services.AddHttpClient(Microsoft.Extensions.DependencyInjection.TixalloServiceCollectionExtensions.HttpClientName);
    });

    /// <summary>Sends a copy of each request instead of the request itself, as signing or rewriting handlers do.</summary>
    private sealed class ReplacingHandler : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var copy = new HttpRequestMessage(request.Method, request.RequestUri) { Content = request.Content };
            foreach (var header in request.Headers)
            {
                copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            return base.SendAsync(copy, cancellationToken);
        }
    }

    private sealed class ReplacingFilter : IHttpMessageHandlerBuilderFilter
    {
        public Action<HttpMessageHandlerBuilder> Configure(Action<HttpMessageHandlerBuilder> next) => builder =>
        {
            next(builder);
            builder.AdditionalHandlers.Insert(0, new ReplacingHandler());
        };
    }

    private sealed class SpyHandler(Action<HttpRequestMessage> spy) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            spy(request);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
