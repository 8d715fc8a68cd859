using System.Diagnostics;

namespace Tixallo.Client.Tests.Support;

/// <summary>The one fixture of the client tests: a fresh stub handler, fake clock and client over them for each test.</summary>
public abstract class StubbedClientTest
{
    private TixalloClient? _client;

    internal StubHandler Stub { get; private set; } = null!;

    internal TestClock Clock { get; private set; } = null!;

    /// <summary>A client over <see cref="Stub"/> and <see cref="Clock"/> with the usual test settings, made on first use.</summary>
    internal TixalloClient Client => _client ??= TestClients.Create(Stub, Clock);

    [SetUp]
    public void CreateStubAndClock()
    {
        Stub = new StubHandler();
        Clock = new TestClock();
    }

    [TearDown]
    public void DisposeClientAndStub()
    {
        _client?.Dispose();
        _client = null;
        Stub.Dispose();
    }

    /// <summary>Collects every stopped activity of the given sources until disposed.</summary>
    internal static ActivityListener ListenToActivities(List<Activity> stopped, Func<ActivitySource, bool>? sources = null)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = sources ?? (source => source.Name == "Tixallo.Client"),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Add,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
