using WireMock.Matchers;
using WireMock.RequestBuilders;

namespace Tixallo.Client.IntegrationTests;

/// <summary>
/// The async state of an attempt and of a call is pooled and reused between calls
/// (<c>PoolingAsyncValueTaskMethodBuilder</c>), and a call's failure travels on its request: many calls at once over
/// real sockets, a third answered, a third not found, a third retried until their retries run out, each end with their
/// own answer, correlation id and attempt count.
/// </summary>
public class ConcurrencyTests : IntegrationTest
{
    private const int Calls = 200;

    [Test]
    public async Task ManyCallsAtOnce_SuccessesErrorsAndRetriesMixed_EachEndsWithItsOwnAnswer()
    {
        ApiStubs.Given(
            Request.Create().WithPath(new WildcardMatcher("/v1/tickets/tkt_ok_*")).UsingGet(),
            ApiStubs.Json(200, ApiStubs.Ticket.Replace("\"tkt_1\"", "\"{{request.PathSegments.[2]}}\"", StringComparison.Ordinal)));
        ApiStubs.Given(
            Request.Create().WithPath(new WildcardMatcher("/v1/tickets/tkt_gone_*")).UsingGet(),
            ApiStubs.Json(404, """{"error": "{{request.PathSegments.[2]}} is gone"}"""));
        ApiStubs.Given(
            Request.Create().WithPath(new WildcardMatcher("/v1/tickets/tkt_busy_*")).UsingGet(),
            ApiStubs.Json(503, """{"error": "{{request.PathSegments.[2]}} is busy"}"""));
        using var client = Client(o => o.Retry.MaxRetries = 2);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, Calls).Select(i => CallAsync(client, i))).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.That(outcomes, Is.EqualTo(Enumerable.Range(0, Calls).Select(Expected)));
    }

    private static async Task<string> CallAsync(TixalloClient client, int i)
    {
        var view = client.WithOptions(new TixalloRequestOptions { CorrelationId = $"corr-{i}" });
        try
        {
            var ticket = await view.Tickets.GetAsync((i % 3) switch { 0 => $"tkt_ok_{i}", 1 => $"tkt_gone_{i}", _ => $"tkt_busy_{i}" });
            return $"{ticket.Id} {ticket.Subject}";
        }
        catch (TixalloApiException e)
        {
            return $"{(int)e.StatusCode} {e.Message} {e.CorrelationId} {e.Attempts}";
        }
    }

    private static string Expected(int i) => (i % 3) switch
    {
        0 => $"tkt_ok_{i} Printer on fire",
        1 => $"404 tkt_gone_{i} is gone corr-{i} 1",
        _ => $"503 tkt_busy_{i} is busy corr-{i} 3",
    };
}
