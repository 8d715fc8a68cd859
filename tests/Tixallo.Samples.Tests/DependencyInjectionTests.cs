using Tixallo.Samples.DependencyInjection;

namespace Tixallo.Samples.Tests;

public class DependencyInjectionTests
{
    [Test]
    public async Task Sample_AgainstTheLocalFake_ShowsTheBreakerOpenFailFastAndRecover_Typed()
    {
        using var output = new StringWriter();

        // Had the breaker's exception escaped untyped, the sample's catch (TixalloException) would miss it and it would end non-zero.
        var exitCode = await DependencyInjectionSample.RunAsync([], output);

        var text = output.ToString();
        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(0), text);
            Assert.That(text, Does.Contain("created tkt_"));
            Assert.That(text, Does.Match($@"circuit open: TixalloConnectionException \(BrokenCircuitException(`1)?\) after {DependencyInjectionSample.FailuresBeforeBreaking + 1} attempts, correlation id \w+"));
            Assert.That(text, Does.Match("failed fast while open: BrokenCircuitException(`1)? after 1 attempt"));
            Assert.That(text, Does.Contain("recovered: the half-open trial read tkt_"));
            Assert.That(text, Does.Contain("partner workspace: created tkt_"));
            Assert.That(text, Does.Contain("rotated: the new key read tkt_"));
        });
    }
}
