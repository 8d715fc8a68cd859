using System.Net;
using Tixallo.Client;
using Tixallo.Client.Testing;
using Tixallo.Samples.ErrorHandling;

namespace Tixallo.Samples.Tests;

public class ErrorHandlingTests
{
    [Test]
    public async Task CatchLadder_GivesOneAnswerPerClassOfFailure()
    {
        await using var server = await TixalloFakeServer.StartAsync();
        using var client = new TixalloClient(new TixalloClientOptions
        {
            ApiKey = server.CreateApiKey(),
            BaseAddress = server.BaseAddress,
            Retry = new TixalloRetryOptions { MaxRetries = 0 },
        });
        var ticket = await client.Tickets.CreateAsync(new CreateTicketRequest { Subject = "s", CustomerEmail = "a@b.co" });
        var other = await client.Tickets.CreateAsync(new CreateTicketRequest { Subject = "t", CustomerEmail = "a@b.co" });
        await client.Tickets.MergeAsync(other.Id, ticket.Id);

        Assert.That(await Errors.AddNoteAsync(client, ticket.Id, "hi"), Does.StartWith("added msg_"));
        Assert.That(await Errors.AddNoteAsync(client, ticket.Id, ""), Does.StartWith("fix the call: request"));
        Assert.That(await Errors.AddNoteAsync(client, "tkt_nope", "hi"), Does.StartWith("no such ticket"));
        Assert.That(await Errors.AddNoteAsync(client, other.Id, "hi"), Does.StartWith($"{other.Id} was merged"));
        server.InjectFault(TixalloFault.Status(500));
        Assert.That(await Errors.AddNoteAsync(client, ticket.Id, "hi"), Does.StartWith("Tixallo failed (500) after 1 attempts"));
        server.InjectFault(TixalloFault.Status(403));
        Assert.That(await Errors.AddNoteAsync(client, ticket.Id, "hi"), Does.StartWith("the API refused (403 forbidden)"));
        server.InjectFault(TixalloFault.ConnectionAbort());
        Assert.That(await Errors.AddNoteAsync(client, ticket.Id, "hi"), Does.StartWith("network failure"));
        // Last: a 429 holds the client's calls for its wait, which the steps above would have sat out.
        server.InjectFault(TixalloFault.Status(429, TimeSpan.FromSeconds(30)));
        Assert.That(await Errors.AddNoteAsync(client, ticket.Id, "hi"), Is.EqualTo("rate limited: try again in 30 s"));
    }

    private static IEnumerable<TestCaseData> Failures()
    {
        yield return new TestCaseData(TixalloExceptionFactory.ApiException(HttpStatusCode.BadRequest, fieldErrors: new Dictionary<string, IReadOnlyList<string>> { ["body"] = ["Required"] }), "fix the input: body: Required");
        yield return new TestCaseData(TixalloExceptionFactory.ApiException(HttpStatusCode.Conflict, ticketId: "tkt_old"), "tkt_old was merged");
        yield return new TestCaseData(TixalloExceptionFactory.ApiException(HttpStatusCode.NotFound, correlationId: "c-404"), "no such ticket in this key's workspace (correlation id c-404)");
        yield return new TestCaseData(TixalloExceptionFactory.ApiException(HttpStatusCode.Unauthorized), "the API key is missing, wrong or revoked");
        yield return new TestCaseData(TixalloExceptionFactory.ApiException(HttpStatusCode.TooManyRequests, retryAfter: TimeSpan.FromSeconds(42)), "rate limited: try again in 42 s");
        yield return new TestCaseData(TixalloExceptionFactory.ApiException(HttpStatusCode.BadGateway, correlationId: "c-502", attempts: 5), "Tixallo failed (502) after 5 attempts; give support correlation id c-502");
        yield return new TestCaseData(TixalloExceptionFactory.ApiException(HttpStatusCode.Forbidden), "the API refused (403 forbidden)");
        yield return new TestCaseData(TixalloExceptionFactory.TimeoutException(correlationId: "c-t", attempts: 3), "timed out after 3 attempts (correlation id c-t)");
        yield return new TestCaseData(TixalloExceptionFactory.ConnectionException(innerException: new HttpRequestException("refused"), correlationId: "c-n"), "network failure: refused (correlation id c-n)");
    }

    [TestCaseSource(nameof(Failures))]
    public async Task CatchLadder_EveryBranch_WithoutAServer_FromTheExceptionFactory(TixalloException failure, string answer)
    {
        var client = new FailingClient(failure);

        Assert.That(await Errors.AddNoteAsync(client, "tkt_1", "hi"), Does.StartWith(answer));
    }

    /// <summary>An app's test double: a client whose message calls fail with a given exception.</summary>
    private sealed class FailingClient(TixalloException failure) : ITixalloClient, IMessagesClient
    {
        public ITicketsClient Tickets => throw new NotSupportedException();

        public IMessagesClient Messages => this;

        public ITemplatesClient Templates => throw new NotSupportedException();

        public IAttachmentsClient Attachments => throw new NotSupportedException();

        public ITixalloClient WithOptions(TixalloRequestOptions options) => this;

        public Task<Message> CreateAsync(string ticketId, CreateMessageRequest request, CancellationToken cancellationToken = default) => Task.FromException<Message>(failure);

        public IAsyncEnumerable<Message> ListAsync(string ticketId, ListOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public IAsyncEnumerable<TixalloPage<Message>> ListPagesAsync(string ticketId, ListOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
