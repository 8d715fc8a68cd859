using Microsoft.Extensions.Logging.Abstractions;
using Polly.Retry;
using Polly.Testing;
using Polly.Timeout;
using Tixallo.Client.Tests.Support;
using Tixallo.Client.Transport;

namespace Tixallo.Client.Tests.Resilience;

public class PipelineTests
{
    [Test]
    public void EachCall_RunsRetryThenTheRateLimitGateThenAnAttemptTimeout_AndNoTotalTimeoutStrategy()
    {
        var options = TestClients.Options();
        var pipeline = TixalloPipeline.PerCall(options, ClientParts.For(options, NullLogger.Instance).Gate, NullLogger.Instance);

        var strategies = pipeline.GetPipelineDescriptor().Strategies;

        Assert.That(strategies.Select(s => s.Options?.Name), Is.EqualTo(new[] { "Retry", "RateLimitGate", "AttemptTimeout" }), "the hold is waited out on one path, with or without a limiter");
        var retry = (RetryStrategyOptions<HttpResponseMessage>)strategies[0].Options!;
        var timeout = (TimeoutStrategyOptions)strategies[2].Options!;
        Assert.That(retry.MaxRetryAttempts, Is.EqualTo(TixalloRetryOptions.MaxRetriesLimit), "the ceiling; each call's own limit is applied by the predicate");
        Assert.That(retry.DelayGenerator, Is.Not.Null);
        Assert.That(timeout.TimeoutGenerator, Is.Not.Null, "the attempt timeout is cut to what is left of the total");
    }

    [Test]
    public void WithARateLimiter_ThePermitIsTakenBetweenTheRetryAndTheAttemptTimeout()
    {
        using var limiter = TixalloRateLimiters.PerApiKey();
        var options = TestClients.Options(configure: o => o.RateLimiter = limiter);
        var pipeline = TixalloPipeline.PerCall(options, ClientParts.For(options, NullLogger.Instance).Gate, NullLogger.Instance);

        var strategies = pipeline.GetPipelineDescriptor().Strategies;

        Assert.That(strategies.Select(s => s.Options?.Name), Is.EqualTo(new[] { "Retry", "RateLimitGate", "AttemptTimeout" }), "the wait for a permit does not count against the attempt's timeout");
    }
}
