using System.Net;
using System.Runtime.ExceptionServices;
using Tixallo.Client.Tests.Support;

namespace Tixallo.Client.Tests.Transport;

/// <summary>
/// A failed call whose outcome is at hand (the answer was there at once, or the client refused the call) is thrown
/// once, by the caller's <c>await</c>: the SDK hands the exception over in a completed task and throws it nowhere on
/// the way. One whose answer comes later is thrown once more, where the SDK awaits it, and an exception thrown below
/// keeps the stack trace of where it was first thrown. Counted with first-chance exceptions of that exception object
/// alone, so other tests' throws do not count.
/// </summary>
[NonParallelizable]
public class ThrowCountTests
{
    [TestCase(HttpStatusCode.NotFound, """{"error": "Not found"}""", TestName = "a 404")]
    [TestCase(HttpStatusCode.UnprocessableEntity, """{"error": {"code": "validation_error", "message": "Bad", "details": {"email": ["invalid"]}}}""", TestName = "a 422")]
    [TestCase(HttpStatusCode.ServiceUnavailable, """{"error": "Down"}""", TestName = "a 503, retries off")]
    public async Task AnErrorAnsweredAtOnce_IsThrownOnce_AtTheCallersAwait(HttpStatusCode status, string body)
    {
        using var stub = new StubHandler();
        stub.Respond(status, body);
        using var client = TestClients.Create(stub, configure: o => o.Retry.MaxRetries = 0);

        var (caught, throws) = await CountThrowsAsync(() => client.Tickets.GetAsync("tkt_1"));

        Assert.Multiple(() =>
        {
            Assert.That(caught, Is.InstanceOf<TixalloApiException>().With.Property(nameof(TixalloApiException.StatusCode)).EqualTo(status));
            Assert.That(throws, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task ABodyThatIsNotTheModel_IsThrownWhereItIsFound_AndAtTheCallersAwait_NowhereElse()
    {
        using var stub = new StubHandler();
        stub.Respond(HttpStatusCode.OK, "null");
        using var client = TestClients.Create(stub);

        var (caught, throws) = await CountThrowsAsync(() => client.Tickets.GetAsync("tkt_1"));

        Assert.Multiple(() =>
        {
            Assert.That(caught, Is.InstanceOf<TixalloApiException>());
            Assert.That(throws, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task AnErrorAnsweredLater_IsThrownWhereTheSdkAwaitsIt_AndAtTheCallersAwait()
    {
        using var stub = AnsweringLater(HttpStatusCode.NotFound, """{"error": "Not found"}""");
        using var client = TestClients.Create(stub, configure: o => o.Retry.MaxRetries = 0);

        var (caught, throws) = await CountThrowsAsync(() => client.Tickets.GetAsync("tkt_1"));

        Assert.Multiple(() =>
        {
            Assert.That(caught, Is.InstanceOf<TixalloNotFoundException>());
            Assert.That(throws, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task ABodyThatIsNotTheModel_AnsweredLater_KeepsTheStackTraceOfWhereItWasFound()
    {
        using var stub = AnsweringLater(HttpStatusCode.OK, "null");
        using var client = TestClients.Create(stub);

        var (caught, _) = await CountThrowsAsync(() => client.Tickets.GetAsync("tkt_1"));

        // Where it was found: the JSON reader, or the lambda that calls it if the JIT inlined the reader.
        Assert.That(caught?.StackTrace, Does.Match("ReadJson|<SendAsync>b__"));
    }

    /// <summary>A stub whose one answer comes after the call has started waiting for it.</summary>
    private static StubHandler AnsweringLater(HttpStatusCode status, string body) => new StubHandler().Respond(async (_, _) =>
    {
        await Task.Yield();
        return StubHandler.Json(status, body);
    });

    private static async Task<(Exception? Caught, int Throws)> CountThrowsAsync(Func<Task> call)
    {
        var thrown = new List<Exception>();
        void Record(object? sender, FirstChanceExceptionEventArgs e)
        {
            lock (thrown)
            {
                thrown.Add(e.Exception);
            }
        }

        Exception? caught = null;
        AppDomain.CurrentDomain.FirstChanceException += Record;
        try
        {
            await call();
        }
        catch (Exception e)
        {
            caught = e;
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= Record;
        }

        lock (thrown)
        {
            return (caught, thrown.Count(t => ReferenceEquals(t, caught)));
        }
    }
}
