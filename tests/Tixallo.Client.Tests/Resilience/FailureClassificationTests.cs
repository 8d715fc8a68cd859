using System.Net;
using System.Security.Authentication;
using Polly.Timeout;
using Tixallo.Client.Errors;
using Tixallo.Client.Http;
using Tixallo.Client.Tests.Support;

namespace Tixallo.Client.Tests.Resilience;

/// <summary>
/// Every kind of failed attempt, as a GET and as a POST meets it: whether it is retried, and what the caller is told
/// (type, <c>RequestMayHaveBeenProcessed</c>, the inner exception, the attempts).
/// </summary>
public class FailureClassificationTests : StubbedClientTest
{
    private static IEnumerable<TestCaseData> Failures()
    {
        // exception, classified as, GET retried, POST retried by default, may have been processed
        yield return Case("refused", new HttpRequestException(HttpRequestError.ConnectionError, "refused"), AttemptFailure.NeverSent, true, true, false);
        yield return Case("no name", new HttpRequestException(HttpRequestError.NameResolutionError, "no such host"), AttemptFailure.NeverSent, true, true, false);
        yield return Case("ended", new HttpRequestException(HttpRequestError.ResponseEnded, "ended"), AttemptFailure.MayHaveBeenProcessed, true, false, true);
        yield return Case("reset", new IOException("reset by peer"), AttemptFailure.MayHaveBeenProcessed, true, false, true);
        yield return Case("unknown HTTP", new HttpRequestException("something"), AttemptFailure.MayHaveBeenProcessed, true, false, true);
        yield return Case("timeout", new TimeoutRejectedException("timed out"), AttemptFailure.MayHaveBeenProcessed, true, false, true);
        yield return Case("TLS error", new HttpRequestException(HttpRequestError.SecureConnectionError, "tls"), AttemptFailure.Tls, false, false, false);
        yield return Case("TLS inner", new HttpRequestException("ssl", new AuthenticationException("bad certificate")), AttemptFailure.Tls, false, false, false);
        yield return Case("body inner", new HttpRequestException("copy", new RequestBodyException(new IOException("disk"))), AttemptFailure.RequestBody, false, false, false);
        yield return Case("a bug", new InvalidOperationException("a handler's bug"), AttemptFailure.NotTransport, false, false, false);
        yield return Case("refusal", new NotSupportedException("a policy refused"), AttemptFailure.NotTransport, false, false, false);
    }

    [TestCaseSource(nameof(Failures))]
    public void Classify_ReadsTheFailure(Exception exception, string kind, bool getRetried, bool postRetried, bool mayHaveBeenProcessed)
    {
        Assert.That(AttemptFailures.Classify(exception).ToString(), Is.EqualTo(kind));
        Assert.That(AttemptFailures.MayHaveBeenProcessed(exception), Is.EqualTo(kind == nameof(AttemptFailure.MayHaveBeenProcessed)));
    }

    [TestCaseSource(nameof(Failures))]
    public async Task AGet_IsRetriedUnlessTheFailureDoesNotHeal(Exception exception, string kind, bool getRetried, bool postRetried, bool mayHaveBeenProcessed)
    {
        using var client = TestClients.Create(Stub, Clock, o => o.Retry.MaxRetries = 1);
        Stub.Throw(exception);

        var error = await CatchAsync(Clock.RunAsync(client.Tickets.GetAsync("tkt_1")));

        Assert.That(Stub.RequestCount, Is.EqualTo(getRetried ? 2 : 1));
        Assert.That(error.Attempts, Is.EqualTo(getRetried ? 2 : 1));
        if (error is TixalloConnectionException connection)
        {
            Assert.That(connection.RequestMayHaveBeenProcessed, Is.EqualTo(mayHaveBeenProcessed));
        }
    }

    [TestCaseSource(nameof(Failures))]
    public async Task APost_IsRetriedOnlyWhenItNeverReachedTheServer(Exception exception, string kind, bool getRetried, bool postRetried, bool mayHaveBeenProcessed)
    {
        using var client = TestClients.Create(Stub, Clock, o => o.Retry.MaxRetries = 1);
        Stub.Throw(exception);

        var error = await CatchAsync(Clock.RunAsync(client.Tickets.CreateAsync(new CreateTicketRequest { Subject = "s", CustomerEmail = "a@b.c" })));

        Assert.That(Stub.RequestCount, Is.EqualTo(postRetried ? 2 : 1));
        var typed = error is TixalloConnectionException or TixalloTimeoutException;
        Assert.That(typed, Is.True, $"got {error.GetType().Name}");
        var processed = error is TixalloConnectionException c ? c.RequestMayHaveBeenProcessed : ((TixalloTimeoutException)error).RequestMayHaveBeenProcessed;
        Assert.That(processed, Is.EqualTo(mayHaveBeenProcessed));
    }

    [Test]
    public async Task ANonNetworkException_ReachesTheCallerAsItsInner_AfterOneAttempt()
    {
        var bug = new InvalidOperationException("a handler's bug");
        Stub.Throw(bug);

        var error = await CatchAsync(Client.Tickets.GetAsync("tkt_1"));

        Assert.That(error, Is.TypeOf<TixalloConnectionException>());
        Assert.That(error.InnerException, Is.SameAs(bug));
        Assert.That(((TixalloConnectionException)error).RequestMayHaveBeenProcessed, Is.False);
    }

    [Test]
    public void RequestBodyFailure_IsTheCallersOwnException_UnderAnyWrapping()
    {
        var disk = new IOException("disk");

        Assert.That(AttemptFailures.RequestBodyFailure(new HttpRequestException("copy", new RequestBodyException(disk))), Is.SameAs(disk));
        Assert.That(AttemptFailures.RequestBodyFailure(new RequestBodyException(disk)), Is.SameAs(disk));
        Assert.That(AttemptFailures.RequestBodyFailure(new HttpRequestException("copy", new IOException("socket"))), Is.Null);
        Assert.That(AttemptFailures.RequestBodyFailure(null), Is.Null);
    }

    private static TestCaseData Case(string name, Exception exception, AttemptFailure kind, bool get, bool post, bool processed) =>
        new TestCaseData(exception, kind.ToString(), get, post, processed).SetArgDisplayNames(name);

    private static async Task<TixalloException> CatchAsync(Task call)
    {
        try
        {
            await call;
        }
        catch (TixalloException e)
        {
            return e;
        }

        Assert.Fail("the call did not fail");
        return null!;
    }
}
