namespace Tixallo.Client.NetFramework.Tests.Support;

/// <summary>A fixture with a tixallo-fake process of its own and a client on it, for the fixture's whole run.</summary>
public abstract class FakeServerFixture
{
    internal FakeServerProcess Fake { get; private set; } = null!;

    protected TixalloClient Client { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartFake()
    {
        Fake = await FakeServerProcess.StartAsync();
        Client = Fake.CreateClient(ConfigureClient);
    }

    [OneTimeTearDown]
    public void StopFake()
    {
        Client.Dispose();
        Fake.Dispose();
    }

    /// <summary>Changes the fixture's client from the tests' defaults (short retry delays).</summary>
    protected virtual void ConfigureClient(TixalloClientOptions options)
    {
    }
}
