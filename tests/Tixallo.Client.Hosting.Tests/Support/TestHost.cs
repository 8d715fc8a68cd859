using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tixallo.Client.Tests.Support;

namespace Tixallo.Client.Hosting.Tests.Support;

/// <summary>A started generic host whose SDK clients send to a <see cref="StubHandler"/> and wait on a <see cref="TestClock"/>.</summary>
internal sealed class TestHost : IAsyncDisposable
{
    public const string KeyA = "tx_test_workspace_a";
    public const string KeyB = "tx_test_workspace_b";

    public static readonly Uri BaseAddress = new("https://api.test.tixallo.com/v1/");

    private readonly IHost _host;

    private TestHost(IHost host, TestClock clock, StubHandler stub)
    {
        _host = host;
        Clock = clock;
        Stub = stub;
    }

    public TestClock Clock { get; }

    public StubHandler Stub { get; }

    public IServiceProvider Services => _host.Services;

    public ITixalloClient Client => Services.GetRequiredService<ITixalloClient>();

    /// <summary>
    /// Builds and starts a host. The clock is the container's <see cref="TimeProvider"/> (what the standard resilience
    /// handler waits on) and the SDK's; <paramref name="configure"/> registers the clients, whose primary handler
    /// <see cref="Sdk"/> points at the stub.
    /// </summary>
    public static async Task<TestHost> StartAsync(Action<HostApplicationBuilder, TestHost.Parts> configure)
    {
        // Service discovery's cleanup timer runs on the container's clock too; it is not a wait of the calls under test.
        var clock = new TestClock(state => state?.GetType().Namespace?.StartsWith("Microsoft.Extensions.ServiceDiscovery", StringComparison.Ordinal) == true);
        var stub = new StubHandler();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "Tixallo.Client.Hosting.Tests" });
        builder.Services.AddSingleton<TimeProvider>(clock);
        configure(builder, new Parts(clock, stub));
        var host = builder.Build();
        await host.StartAsync();
        return new TestHost(host, clock, stub);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    /// <summary>What <see cref="StartAsync"/> hands the registration code.</summary>
    internal sealed record Parts(TestClock Clock, StubHandler Stub)
    {
        /// <summary>The settings every test client starts from: the stub's address, the clock, no jitter.</summary>
        public void Sdk(TixalloClientOptions options, string apiKey = KeyA)
        {
            options.ApiKey = apiKey;
            options.BaseAddress = BaseAddress;
            options.TimeProvider = Clock;
            options.Retry.UseJitter = false;
        }

        /// <summary>Sends the client's requests to the stub.</summary>
        public IHttpClientBuilder OnStub(IHttpClientBuilder builder) => builder.ConfigurePrimaryHttpMessageHandler(() => Stub);
    }
}
