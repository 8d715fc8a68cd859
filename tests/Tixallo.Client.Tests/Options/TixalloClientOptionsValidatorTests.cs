using System.ComponentModel.DataAnnotations;
using Polly;
using Tixallo.Client.Options;
using Tixallo.Client.Tests.Support;

namespace Tixallo.Client.Tests.Options;

public class TixalloClientOptionsValidatorTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    [Test]
    public void TheTimeoutLimitsItCopies_AreExactlyPollys()
    {
        // The range is the one Polly's timeout strategy accepts, kept now that the SDK times attempts itself: the same settings stay valid.
        Assert.DoesNotThrow(() => new ResiliencePipelineBuilder().AddTimeout(TixalloClientOptionsValidator.MinTimeout).Build());
        Assert.DoesNotThrow(() => new ResiliencePipelineBuilder().AddTimeout(TixalloClientOptionsValidator.MaxTimeout).Build());
        Assert.Throws<ValidationException>(() => new ResiliencePipelineBuilder().AddTimeout(TixalloClientOptionsValidator.MinTimeout - Tick).Build());
        Assert.Throws<ValidationException>(() => new ResiliencePipelineBuilder().AddTimeout(TixalloClientOptionsValidator.MaxTimeout + Tick).Build());
    }

    [Test]
    public void EveryEdgeItAccepts_BuildsAClient()
    {
        foreach (var edge in new Action<TixalloClientOptions>[]
        {
            o => (o.AttemptTimeout, o.TotalTimeout) = (TixalloClientOptionsValidator.MinTimeout, TixalloClientOptionsValidator.MinTimeout),
            o => (o.AttemptTimeout, o.TotalTimeout) = (TixalloClientOptionsValidator.MaxTimeout, TixalloClientOptionsValidator.MaxTimeout),
            o => (o.Retry.MaxRetries, o.Retry.BaseDelay, o.Retry.MaxDelay) = (TixalloRetryOptions.MaxRetriesLimit, TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(24)),
            o => o.Retry.MaxRetries = 0,
            o => o.Retry.MaxRetryAfter = TimeSpan.FromHours(24),
            o => o.MaxResponseContentBytes = TixalloClientOptionsValidator.MinResponseContentBytes,
            o => o.MaxResponseContentBytes = TixalloClientOptionsValidator.MaxResponseContentBytesLimit,
        })
        {
            using var stub = new StubHandler();
            Assert.DoesNotThrow(() => new TixalloClient(TestClients.Options(configure: edge), stub).Dispose());
        }
    }

    private static IEnumerable<TestCaseData> JustOutside()
    {
        yield return Case("AttemptTimeout", o => o.AttemptTimeout = TixalloClientOptionsValidator.MinTimeout - Tick);
        yield return Case("TotalTimeout", o => o.TotalTimeout = TixalloClientOptionsValidator.MaxTimeout + Tick);
        yield return Case("AttemptTimeout cannot be longer than TotalTimeout", o => (o.AttemptTimeout, o.TotalTimeout) = (TimeSpan.FromSeconds(31), TimeSpan.FromSeconds(30)));
        yield return Case("MaxRetries", o => o.Retry.MaxRetries = TixalloRetryOptions.MaxRetriesLimit + 1);
        yield return Case("MaxRetries", o => o.Retry.MaxRetries = -1);
        yield return Case("BaseDelay", o => o.Retry.BaseDelay = TixalloClientOptionsValidator.MinBaseDelay - Tick);
        yield return Case("MaxDelay", o => o.Retry.MaxDelay = TimeSpan.FromHours(24) + Tick);
        yield return Case("MaxRetryAfter", o => o.Retry.MaxRetryAfter = TimeSpan.FromHours(24) + Tick);
        yield return Case("MaxResponseContentBytes", o => o.MaxResponseContentBytes = TixalloClientOptionsValidator.MinResponseContentBytes - 1);
        yield return Case("MaxResponseContentBytes", o => o.MaxResponseContentBytes = TixalloClientOptionsValidator.MaxResponseContentBytesLimit + 1);

        static TestCaseData Case(string setting, Action<TixalloClientOptions> configure) => new(setting, configure);
    }

    [TestCaseSource(nameof(JustOutside))]
    public void JustOutsideAnEdge_IsRefused_NamingTheSetting(string setting, Action<TixalloClientOptions> configure)
    {
        var failures = TixalloClientOptionsValidator.Failures(TestClients.Options(configure: configure));

        Assert.That(failures, Has.Count.EqualTo(1));
        Assert.That(failures[0], Does.Contain(setting));
    }
}
