using Microsoft.Extensions.Logging.Abstractions;
using Polly.Retry;
using Polly.Testing;
using Tixallo.Client.Tests.Support;
using Tixallo.Client.Transport;

namespace Tixallo.Client.Tests.Resilience;

public class PipelineTests
{
    [Test]
    public void ThePipeline_IsPollysRetryAlone_WithTheRetryCeiling_AndNoTimeoutStrategy()
    {
        var options = TestClients.Options();
        var retry = TixalloPipeline.Retry(options, ClientParts.For(options, NullLogger.Instance).Gate, NullLogger.Instance);
        var pipeline = TixalloPipeline.PerCall(retry, options.TimeProvider);

        var strategies = pipeline.GetPipelineDescriptor().Strategies;

        Assert.That(strategies.Select(s => s.Options?.Name), Is.EqualTo(new[] { "Retry" }), "the gate and the attempt timeout are the handler's, per attempt, first attempt included");
        var retryOptions = (RetryStrategyOptions<HttpResponseMessage>)strategies[0].Options!;
        Assert.That(retryOptions.MaxRetryAttempts, Is.EqualTo(TixalloRetryOptions.MaxRetriesLimit), "the ceiling; each call's own limit is applied by the predicate");
        Assert.That(retryOptions.DelayGenerator, Is.Not.Null);
    }
}
