using System.Net;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Tixallo.Client.Benchmarks;

/// <summary>
/// The reference point the SDK is measured against: a plain Polly.Core retry + timeout pipeline in a
/// DelegatingHandler, as users write it without an SDK.
/// </summary>
public sealed class PlainPollyHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
        .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            ShouldHandle = args => new ValueTask<bool>(args.Outcome.Exception is HttpRequestException || args.Outcome.Result?.StatusCode >= HttpStatusCode.InternalServerError),
            BackoffType = DelayBackoffType.Exponential,
        })
        .AddTimeout(TimeSpan.FromSeconds(30))
        .Build();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        await _pipeline.ExecuteAsync(static (state, token) => new ValueTask<HttpResponseMessage>(state.Self.SendInnerAsync(state.Request, token)), (Self: this, Request: request), cancellationToken);

    private Task<HttpResponseMessage> SendInnerAsync(HttpRequestMessage request, CancellationToken cancellationToken) => base.SendAsync(request, cancellationToken);
}
