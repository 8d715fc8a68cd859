using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Tixallo.Client.Http;

namespace Tixallo.Client.Diagnostics;

/// <summary>
/// Observes one logical call: its activity (with the correlation id, status and attempts), its duration and
/// outcome metrics, and a debug line when it fails. <see cref="Start"/> returns null when nobody listens, so an
/// unobserved call costs one check.
/// </summary>
internal sealed class CallTelemetry
{
    private readonly Activity? _activity;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly long _start;

    private CallTelemetry(Activity? activity, TimeProvider timeProvider, ILogger logger)
    {
        _activity = activity;
        _timeProvider = timeProvider;
        _logger = logger;
        _start = activity is not null || TixalloTelemetry.MetricsEnabled ? timeProvider.GetTimestamp() : 0;
    }

    public static CallTelemetry? Start(TixalloRequest request, TimeProvider timeProvider, ILogger logger)
    {
        var activity = TixalloTelemetry.ActivitySource.StartActivity(request.Operation, ActivityKind.Client);
        if (activity is null && !TixalloTelemetry.MetricsEnabled && !logger.IsEnabled(LogLevel.Debug))
        {
            return null;
        }

        if (activity is not null)
        {
            // The OpenTelemetry HTTP client conventions: where the call goes, as the HTTP spans below it say too.
            activity.SetTag("http.request.method", request.Method.Method);
            activity.SetTag("server.address", request.Target.IdnHost);
            activity.SetTag("server.port", request.Target.Port);
        }

        return new CallTelemetry(activity, timeProvider, logger);
    }

    /// <summary>Ends the call that got a response: a success, or an error status the transport turned into <paramref name="error"/>.</summary>
    public void Stop(TixalloRequest request, HttpStatusCode status, Exception? error, string correlationId, int attempts)
    {
        _activity?.SetTag("http.response.status_code", (int)status);
        Stop(request, ((int)status).ToString(CultureInfo.InvariantCulture), error, correlationId, attempts);
    }

    /// <summary>Ends the call with an outcome that is not a status: <c>canceled</c>, or the failure's type name.</summary>
    /// <param name="request">The call's request.</param>
    /// <param name="outcome">The outcome's name, for the metric.</param>
    /// <param name="error">What the caller gets thrown, if anything.</param>
    /// <param name="correlationId">The id the server echoed, else the one sent.</param>
    /// <param name="attempts">The attempts made.</param>
    public void Stop(TixalloRequest request, string outcome, Exception? error, string correlationId, int attempts)
    {
        if (_activity is { } activity)
        {
            activity.SetTag("tixallo.correlation_id", correlationId);
            activity.SetTag("tixallo.attempts", attempts);
            if (error is not null)
            {
                activity.SetTag("error.type", error.GetType().FullName);
                activity.SetStatus(ActivityStatusCode.Error);
            }

            activity.Dispose();
        }

        if (_start != 0)
        {
            TixalloTelemetry.RecordCall(request.Operation, outcome, _timeProvider.GetElapsedTime(_start));
        }

        if (error is not null && _logger.IsEnabled(LogLevel.Debug))
        {
            Log.CallFailed(_logger, request.Operation, attempts, outcome, correlationId);
        }
    }
}
