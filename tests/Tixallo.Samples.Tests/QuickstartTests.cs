using Tixallo.Samples.Quickstart;

namespace Tixallo.Samples.Tests;

public class QuickstartTests
{
    [Test]
    public async Task Quickstart_AgainstTheLocalFake_RunsEveryStepAndExitsZero()
    {
        using var output = new StringWriter();

        var exitCode = await QuickstartTour.RunAsync(apiKey: null, baseUrl: null, output);

        var text = output.ToString();
        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(0), text);
            Assert.That(text, Does.Contain("started a local fake Tixallo server at http://127.0.0.1:"));
            Assert.That(text, Does.Contain("customer_email: Invalid email"));
            Assert.That(text, Does.Contain("every ticket seen exactly once across the two runs"));
            Assert.That(text, Does.Contain("409: Ticket has been merged"));
            Assert.That(text, Does.Contain("Retrying tickets.get after attempt 2 failed with 503"));
            Assert.That(text, Does.Match("failed with 429; waiting 1(0[0-9]{2}|100) ms"), "1 s, as asked, plus at most 100 ms of jitter (1,100 when a wait of 1,099.5 ms or more is rounded for the log)");
            Assert.That(text, Does.Contain("Summary: 10 step(s) behaved as narrated, 0 did not, 0 skipped."));
            Assert.That(text, Does.Not.Contain("[FAILED]"));
        });
    }

    [Test]
    public async Task Quickstart_AgainstAServerThatRefusesTheKey_ExitsNonZero()
    {
        await using var server = await Tixallo.Client.Testing.TixalloFakeServer.StartAsync();
        using var output = new StringWriter();

        var exitCode = await QuickstartTour.RunAsync("tx_unknown_key", server.BaseAddress.AbsoluteUri, output);

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(output.ToString(), Does.Contain("Unexpected TixalloAuthenticationException"));
    }
}
