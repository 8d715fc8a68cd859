using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using Tixallo.Client.Diagnostics;
using Tixallo.Client.Http;

namespace Tixallo.Client.Resilience;

/// <summary>
/// Runs each request through a Polly.Core pipeline: total timeout, then retry, then attempt timeout, all timed
/// by the options' <see cref="TimeProvider"/>. The same request message is sent again on a retry: it is safe
/// because JSON bodies are byte arrays, seekable uploads rewind, and the handlers below set headers, never add them.
/// </summary>
internal sealed class ResilienceHandler : DelegatingHandler
{
    private static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new("Tixallo.Client.Request");
    private static readonly ResiliencePropertyKey<CallState> StateKey = new("Tixallo.Client.CallState");
    private static readonly ResiliencePropertyKey<TimeSpan?> DelayKey = new("Tixallo.Client.NextDelay");

    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly RetryPolicy _retryPolicy;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _totalTimeout;
    private readonly Func<double> _random;
    private readonly ILogger _logger;

    public ResilienceHandler(TixalloClientOptions options, ILogger logger, Func<double>? random = null)
    {
        _retryPolicy = new RetryPolicy(options.Retry);
        _timeProvider = options.TimeProvider;
        _totalTimeout = options.TotalTimeout;
        _random = random ?? Random.Shared.NextDouble;
        _logger = logger;

        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = options.TimeProvider }
            .AddTimeout(new TimeoutStrategyOptions { Name = "TotalTimeout", Timeout = options.TotalTimeout });
        if (options.Retry.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                Name = "Retry",
                MaxRetryAttempts = options.Retry.MaxRetries,
                ShouldHandle = args => new ValueTask<bool>(ShouldRetry(args)),
                DelayGenerator = args => new ValueTask<TimeSpan?>(args.Context.Properties.GetValue(DelayKey, null)),
                OnRetry = OnRetryAsync,
            });
        }

        _pipeline = builder
            .AddTimeout(new TimeoutStrategyOptions { Name = "AttemptTimeout", Timeout = options.AttemptTimeout })
            .Build();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var state = CallState.Of(request);
        state.StartTimestamp = _timeProvider.GetTimestamp();
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(RequestKey, request);
        context.Properties.Set(StateKey, state);
        try
        {
            var outcome = await _pipeline.ExecuteOutcomeAsync(
                static (context, handler) => handler.SendAttemptAsync(context),
                context,
                this).ConfigureAwait(false);
            outcome.ThrowIfException();
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async ValueTask<Outcome<HttpResponseMessage>> SendAttemptAsync(ResilienceContext context)
    {
        var request = context.Properties.GetValue(RequestKey, null!);
        var state = context.Properties.GetValue(StateKey, null!);
        state.Attempts++;
        using var scope = _logger.IsEnabled(LogLevel.Critical) ? Log.AttemptScope(_logger, state.CorrelationId, state.Attempts) : null;
        HttpResponseMessage? response = null;
        try
        {
            response = await base.SendAsync(request, context.CancellationToken).ConfigureAwait(false);
            if (state.BufferResponse)
            {
                await ResponseBuffer.LoadAsync(response, context.CancellationToken).ConfigureAwait(false);
            }

            return Outcome.FromResult(response);
        }
        catch (Exception e)
        {
            response?.Dispose();
            return Outcome.FromException<HttpResponseMessage>(e);
        }
    }

    private bool ShouldRetry(RetryPredicateArguments<HttpResponseMessage> args)
    {
        if (args.Outcome.Result is { IsSuccessStatusCode: true })
        {
            return false; // the common case, decided before any clock is read
        }

        var request = args.Context.Properties.GetValue(RequestKey, null!);
        var state = args.Context.Properties.GetValue(StateKey, null!);
        if (!state.CanRetry || args.Context.CancellationToken.IsCancellationRequested)
        {
            return false;
        }

        var elapsed = _timeProvider.GetElapsedTime(state.StartTimestamp);
        var delay = _retryPolicy.NextDelay(request.Method, args.Outcome, args.AttemptNumber, _timeProvider.GetUtcNow(), _totalTimeout - elapsed, _random());
        args.Context.Properties.Set(DelayKey, delay);
        return delay is not null;
    }

    private ValueTask OnRetryAsync(OnRetryArguments<HttpResponseMessage> args)
    {
        var state = args.Context.Properties.GetValue(StateKey, null!);
        TixalloTelemetry.RecordRetry(state.Operation);
        if (_logger.IsEnabled(LogLevel.Warning))
        {
            var outcome = args.Outcome.Result is { } response
                ? ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)
                : args.Outcome.Exception?.GetType().Name ?? "unknown";
            Log.Retrying(_logger, state.Operation, state.Attempts, outcome, (long)Math.Round(args.RetryDelay.TotalMilliseconds), state.CorrelationId);
        }

        Activity.Current?.AddEvent(new ActivityEvent("tixallo.retry"));
        return default;
    }
}
