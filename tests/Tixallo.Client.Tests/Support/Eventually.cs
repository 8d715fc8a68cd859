namespace Tixallo.Client.Tests.Support;

/// <summary>Waits for a condition that other tasks make true, polling for at most 10 s of real time.</summary>
internal static class Eventually
{
    public static async Task That(Func<bool> condition, string what)
    {
        for (var polls = 0; !condition(); polls++)
        {
            if (polls == 2000)
            {
                Assert.Fail($"waited 10 s for: {what}");
            }

            await Task.Delay(5);
        }
    }
}
