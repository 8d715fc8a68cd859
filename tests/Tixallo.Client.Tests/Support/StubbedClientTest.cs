using System.Diagnostics;

namespace Tixallo.Client.Tests.Support;

/// <summary>A fresh stub handler and fake clock for each test.</summary>
public abstract class StubbedClientTest
{
    internal StubHandler Stub { get; private set; } = null!;

    internal FakeTimeProvider Clock { get; private set; } = null!;

    [SetUp]
    public void CreateStubAndClock()
    {
        Stub = new StubHandler();
        Clock = new FakeTimeProvider();
    }

    [TearDown]
    public void DisposeStub() => Stub.Dispose();

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
