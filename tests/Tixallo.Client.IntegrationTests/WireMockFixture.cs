using Tixallo.Client.IntegrationTests.WireMock;

namespace Tixallo.Client.IntegrationTests;

/// <summary>Starts WireMock once for the whole run and stops it at the end, whatever the tests did.</summary>
[SetUpFixture]
public sealed class WireMockFixture
{
    internal static WireMockServer Server { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => Server = await WireMockServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}

/// <summary>Each test starts from the file mappings, an empty journal and fresh scenarios.</summary>
[Category("Integration")]
public abstract class IntegrationTest
{
    public const string ApiKey = "tx_test_integration_key";

    internal static WireMockAdmin Admin => WireMockFixture.Server.Admin;

    [SetUp]
    public Task ResetWireMockAsync() => Admin.ResetAsync();

    /// <summary>A client against WireMock with short, real waits (tens of milliseconds).</summary>
    internal static TixalloClient Client(Action<TixalloClientOptions>? configure = null)
    {
        var options = new TixalloClientOptions
        {
            ApiKey = ApiKey,
            BaseAddress = new Uri(WireMockFixture.Server.Address, "v1/"),
            Retry = new TixalloRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(100), UseJitter = false },
        };
        configure?.Invoke(options);
        return new TixalloClient(options);
    }
}
