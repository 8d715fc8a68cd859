using Microsoft.Extensions.Logging.Abstractions;
using Polly.Retry;
using Polly.Testing;
using Polly.Timeout;
using Tixallo.Client.Options;
using Tixallo.Client.Resilience;
using Tixallo.Client.Tests.Support;

namespace Tixallo.Client.Tests.Resilience;

public class PipelineTests
{
    [Test]
    public void EachCall_RunsRetryThenAnAttemptTimeout_AndNoTotalTimeoutStrategy()
    {
        using var handler = new ResilienceHandler(TestClients.Options(), NullLogger.Instance);

        var strategies = handler.Pipeline.GetPipelineDescriptor().Strategies;

        Assert.That(strategies.Select(s => s.Options?.GetType()), Is.EqualTo(new[] { typeof(RetryStrategyOptions<HttpResponseMessage>), typeof(TimeoutStrategyOptions) }));
        var retry = (RetryStrategyOptions<HttpResponseMessage>)strategies[0].Options!;
        var timeout = (TimeoutStrategyOptions)strategies[1].Options!;
        Assert.That(retry.MaxRetryAttempts, Is.EqualTo(TixalloClientOptionsValidator.MaxRetriesLimit), "the ceiling; each call's own limit is applied by the predicate");
        Assert.That(retry.DelayGenerator, Is.Not.Null);
        Assert.That(timeout.TimeoutGenerator, Is.Not.Null, "the attempt timeout is cut to what is left of the total");
    }
}
