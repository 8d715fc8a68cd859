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
    public void EachCall_RunsRetryThenTheRateLimitGateThenAnAttemptTimeout_AndNoTotalTimeoutStrategy()
    {
        var options = TestClients.Options();
        using var handler = new ResilienceHandler(options, Client.Http.TixalloPipeline.CreateGate(options, NullLogger.Instance), NullLogger.Instance);

        var strategies = handler.Pipeline.GetPipelineDescriptor().Strategies;

        Assert.That(strategies.Select(s => s.Options?.Name), Is.EqualTo(new[] { "Retry", "RateLimitGate", "AttemptTimeout" }), "the gate waits before the attempt's timeout starts");
        var retry = (RetryStrategyOptions<HttpResponseMessage>)strategies[0].Options!;
        var timeout = (TimeoutStrategyOptions)strategies[2].Options!;
        Assert.That(retry.MaxRetryAttempts, Is.EqualTo(TixalloClientOptionsValidator.MaxRetriesLimit), "the ceiling; each call's own limit is applied by the predicate");
        Assert.That(retry.DelayGenerator, Is.Not.Null);
        Assert.That(timeout.TimeoutGenerator, Is.Not.Null, "the attempt timeout is cut to what is left of the total");
    }
}
