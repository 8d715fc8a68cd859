using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Tixallo.Client.Http;

namespace Tixallo.Client.Diagnostics;

/// <summary>
/// The outermost handler: it runs once per logical call, so it fixes the <c>x-correlation-id</c> that every
/// retry below carries (the scope's, else the generator's, else a new one), and owns the call's activity and metrics.
/// </summary>
internal sealed class CorrelationHandler(TixalloClientOptions options, ILogger logger) : DelegatingHandler
{
    private readonly Func<string>? _generator = options.CorrelationIdGenerator;
    private readonly TimeProvider _timeProvider = options.TimeProvider;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var state = CallState.Of(request);
        var correlationId = TixalloCorrelation.Current
            ?? (_generator is null ? CorrelationIds.New() : CorrelationIds.Validate(_generator(), nameof(TixalloClientOptions.CorrelationIdGenerator)));
        request.Headers.TryAddWithoutValidation(CorrelationIds.HeaderName, correlationId);
        state.CorrelationId = correlationId;

        var activity = TixalloTelemetry.ActivitySource.StartActivity(state.Operation, ActivityKind.Client);
        return activity is null && !TixalloTelemetry.MetricsEnabled && !logger.IsEnabled(LogLevel.Debug)
            ? base.SendAsync(request, cancellationToken) // nobody listens: no telemetry, no extra async step
            : SendObservedAsync(request, state, activity, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendObservedAsync(HttpRequestMessage request, CallState state, Activity? activity, CancellationToken cancellationToken)
    {
        using var stopsWithTheCall = activity;
        activity?.SetTag("http.request.method", request.Method.Method);
        var start = activity is not null || TixalloTelemetry.MetricsEnabled ? _timeProvider.GetTimestamp() : 0;
        var outcome = "error";
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            outcome = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            activity?.SetTag("http.response.status_code", (int)response.StatusCode);
            activity?.SetTag("tixallo.correlation_id", CorrelationIds.Of(response, state));
            if (!response.IsSuccessStatusCode)
            {
                activity?.SetStatus(ActivityStatusCode.Error);
                LogFailure(state, outcome);
            }

            return response;
        }
        catch (Exception e)
        {
            outcome = cancellationToken.IsCancellationRequested ? "canceled" : e.GetType().Name;
            activity?.SetTag("tixallo.correlation_id", state.CorrelationId);
            activity?.SetTag("error.type", e.GetType().FullName);
            activity?.SetStatus(ActivityStatusCode.Error);
            LogFailure(state, outcome);
            throw;
        }
        finally
        {
            activity?.SetTag("tixallo.attempts", state.Attempts);
            if (start != 0)
            {
                TixalloTelemetry.RecordCall(state.Operation, outcome, _timeProvider.GetElapsedTime(start));
            }
        }

        void LogFailure(CallState failed, string what)
        {
            if (logger.IsEnabled(LogLevel.Debug))
            {
                Log.CallFailed(logger, failed.Operation, failed.Attempts, what, failed.CorrelationId);
            }
        }
    }
}
