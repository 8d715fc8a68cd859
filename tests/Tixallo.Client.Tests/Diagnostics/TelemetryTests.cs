using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Tixallo.Client.Tests.Support;

namespace Tixallo.Client.Tests.Diagnostics;

[NonParallelizable] // listens to the process-wide ActivitySource and Meter
public class TelemetryTests : StubbedClientTest
{
    private FakeLogCollector _logs = null!;
    private ILoggerFactory _loggerFactory = null!;

    [SetUp]
    public void SetUp()
    {
        _logs = new FakeLogCollector();
        _loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(_logs)));
    }

    [TearDown]
    public void TearDown() => _loggerFactory.Dispose();

    [Test]
    public async Task Retry_WritesOneWarningPerRetry_WithAttemptStatusDelayAndCorrelationId()
    {
        using var client = TestClients.Create(Stub, Clock, o => o.LoggerFactory = _loggerFactory);
        Stub.Respond(HttpStatusCode.ServiceUnavailable).Respond(HttpStatusCode.BadGateway).Respond(HttpStatusCode.OK, Payloads.Ticket());

        using (TixalloCorrelation.Begin("corr-log"))
        {
            await Clock.RunAsync(client.Tickets.GetAsync("tkt_1"));
        }

        var retries = _logs.GetSnapshot().Where(e => e.Id.Name == "Retrying").ToList();
        Assert.That(retries, Has.Count.EqualTo(2));
        Assert.Multiple(() =>
        {
            Assert.That(retries.Select(e => e.Level), Is.All.EqualTo(LogLevel.Warning));
            Assert.That(retries.Select(e => e.GetStructuredStateValue("Attempt")), Is.EqualTo(new[] { "1", "2" }));
            Assert.That(retries.Select(e => e.GetStructuredStateValue("Outcome")), Is.EqualTo(new[] { "503", "502" }));
            Assert.That(retries.Select(e => e.GetStructuredStateValue("DelayMs")), Is.EqualTo(new[] { "1000", "2000" }));
            Assert.That(retries.Select(e => e.GetStructuredStateValue("CorrelationId")), Is.All.EqualTo("corr-log"));
            Assert.That(retries.Select(e => e.GetStructuredStateValue("Operation")), Is.All.EqualTo("tickets.get"));
        });
    }

    [Test]
    public async Task CallActivity_HasCorrelationStatusAndAttemptTags()
    {
        var activities = new List<Activity>();
        using var listener = ListenToActivities(activities);
        using var client = TestClients.Create(Stub, Clock);
        Stub.Respond(HttpStatusCode.ServiceUnavailable)
            .Respond(HttpStatusCode.OK, Payloads.Ticket(), r => r.Headers.TryAddWithoutValidation("x-correlation-id", "echoed-id"));

        await Clock.RunAsync(client.Tickets.GetAsync("tkt_1"));

        var call = activities.Single(a => a.OperationName == "tickets.get");
        Assert.Multiple(() =>
        {
            Assert.That(call.Kind, Is.EqualTo(ActivityKind.Client));
            Assert.That(call.GetTagItem("tixallo.correlation_id"), Is.EqualTo("echoed-id"));
            Assert.That(call.GetTagItem("http.response.status_code"), Is.EqualTo(200));
            Assert.That(call.GetTagItem("tixallo.attempts"), Is.EqualTo(2));
            Assert.That(call.Events.Select(e => e.Name), Is.EqualTo(new[] { "tixallo.retry" }));
            Assert.That(call.GetTagItem("server.address"), Is.EqualTo("api.test.tixallo.com"));
            Assert.That(call.GetTagItem("server.port"), Is.EqualTo(443));
            Assert.That(call.GetTagItem("http.request.method"), Is.EqualTo("GET"));
        });
        var retry = call.Events.Single().Tags.ToDictionary(t => t.Key, t => t.Value);
        Assert.That(retry, Is.EquivalentTo(new Dictionary<string, object?>
        {
            ["tixallo.attempt"] = 1,
            ["tixallo.retry.delay"] = 1.0,
            ["tixallo.retry.reason"] = "503",
            ["http.response.status_code"] = 503,
        }));
    }

    [Test]
    public async Task TheRetryEvent_OfAFailureWithoutAnAnswer_SaysWhatBecameOfTheAttempt_AndHasNoStatus()
    {
        var activities = new List<Activity>();
        using var listener = ListenToActivities(activities);
        using var client = TestClients.Create(Stub, Clock);
        Stub.Throw(new HttpRequestException(HttpRequestError.ConnectionError, "refused"))
            .Throw(new HttpRequestException(HttpRequestError.ResponseEnded, "lost"))
            .Throw(new Polly.Timeout.TimeoutRejectedException("attempt timed out"))
            .Throw(new IOException("reset"))
            .Respond(HttpStatusCode.OK, Payloads.Ticket());

        await Clock.RunAsync(client.Tickets.GetAsync("tkt_1"));

        var events = activities.Single(a => a.OperationName == "tickets.get").Events.ToList();
        Assert.That(events.Select(e => e.Tags.Single(t => t.Key == "tixallo.retry.reason").Value), Is.EqualTo(new[] { "connection_failed", "connection_lost", "attempt_timeout", "connection_lost" }));
        Assert.That(events.Select(e => e.Tags.Single(t => t.Key == "tixallo.attempt").Value), Is.EqualTo(new[] { 1, 2, 3, 4 }));
        Assert.That(events.SelectMany(e => e.Tags).Select(t => t.Key), Has.None.EqualTo("http.response.status_code"));
    }

    [Test]
    public void FailedCall_ActivityIsError_WithTheSentIdWhenNoEcho()
    {
        var activities = new List<Activity>();
        using var listener = ListenToActivities(activities);
        using var client = TestClients.Create(Stub, Clock, o => o.Retry.MaxRetries = 0);
        Stub.Throw(new HttpRequestException(HttpRequestError.ConnectionError, "refused"));

        using (TixalloCorrelation.Begin("sent-only"))
        {
            Assert.ThrowsAsync<TixalloConnectionException>(() => client.Tickets.GetAsync("tkt_1"));
        }

        var call = activities.Single(a => a.OperationName == "tickets.get");
        Assert.That(call.Status, Is.EqualTo(ActivityStatusCode.Error));
        Assert.That(call.GetTagItem("tixallo.correlation_id"), Is.EqualTo("sent-only"));
    }

    [Test]
    public void ACallEndedByAnErrorAnswer_ActivityIsError_WithItsStatusAndTheEchoedId()
    {
        var activities = new List<Activity>();
        using var listener = ListenToActivities(activities);
        using var client = TestClients.Create(Stub, Clock, o => o.Retry.MaxRetries = 0);
        Stub.Respond(HttpStatusCode.NotFound, """{"error": "Not found"}""", r => r.Headers.TryAddWithoutValidation("x-correlation-id", "echoed-404"));

        Assert.ThrowsAsync<TixalloNotFoundException>(() => client.Tickets.GetAsync("tkt_1"));

        var call = activities.Single(a => a.OperationName == "tickets.get");
        Assert.Multiple(() =>
        {
            Assert.That(call.Status, Is.EqualTo(ActivityStatusCode.Error));
            Assert.That(call.GetTagItem("http.response.status_code"), Is.EqualTo(404));
            Assert.That(call.GetTagItem("tixallo.correlation_id"), Is.EqualTo("echoed-404"));
            Assert.That(call.GetTagItem("tixallo.attempts"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Metrics_CountCallsAndRetries_AndRecordDuration()
    {
        var measurements = new List<(string Instrument, double Value)>();
        using var meterListener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Tixallo.Client")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meterListener.SetMeasurementEventCallback<long>((instrument, value, _, _) => measurements.Add((instrument.Name, value)));
        meterListener.SetMeasurementEventCallback<double>((instrument, value, _, _) => measurements.Add((instrument.Name, value)));
        meterListener.Start();
        using var client = TestClients.Create(Stub, Clock);
        Stub.Respond(HttpStatusCode.ServiceUnavailable).Respond(HttpStatusCode.OK, Payloads.Ticket());

        await Clock.RunAsync(client.Tickets.GetAsync("tkt_1"));

        Assert.That(measurements.Where(m => m.Instrument == "tixallo.client.requests").Sum(m => m.Value), Is.EqualTo(1));
        Assert.That(measurements.Where(m => m.Instrument == "tixallo.client.retries").Sum(m => m.Value), Is.EqualTo(1));
        Assert.That(measurements.Single(m => m.Instrument == "tixallo.client.call.duration").Value, Is.EqualTo(1.0), "1 s of backoff on the fake clock");
    }

    [Test]
    public void ApiKey_NeverAppearsInLogsActivitiesOrExceptions()
    {
        var activities = new List<Activity>();
        using var listener = ListenToActivities(activities, _ => true);
        var options = TestClients.Options(Clock, o => o.LoggerFactory = _loggerFactory);
        using var client = new TixalloClient(options, Stub);
        Stub.Respond(HttpStatusCode.ServiceUnavailable)
            .Respond(HttpStatusCode.Unauthorized, """{"error": "Unauthorized"}""");

        var error = Assert.ThrowsAsync<TixalloAuthenticationException>(() => Clock.RunAsync(client.Tickets.GetAsync("tkt_1")));

        Assert.Multiple(() =>
        {
            Assert.That(_logs.Count, Is.Not.Zero);
            Assert.That(_logs.AllText(), Does.Not.Contain(TestClients.ApiKey));
            Assert.That(string.Join("\n", activities.SelectMany(a => a.TagObjects).Select(t => $"{t.Key}={t.Value}")), Does.Not.Contain(TestClients.ApiKey));
            Assert.That(error!.ToString(), Does.Not.Contain(TestClients.ApiKey));
            Assert.That(error.Message + error.RawBody, Does.Not.Contain(TestClients.ApiKey));
            Assert.That(options.ToString(), Does.Not.Contain(TestClients.ApiKey));
            Assert.That(client.ToString(), Does.Not.Contain(TestClients.ApiKey));
        });
    }
}
