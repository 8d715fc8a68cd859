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
        server.InjectFault(TixalloFault.Status(429, TimeSpan.FromSeconds(30)));
        Assert.That(await Errors.AddNoteAsync(client, ticket.Id, "hi"), Is.EqualTo("rate limited: try again in 30 s"));
        server.InjectFault(TixalloFault.Status(403));
        Assert.That(await Errors.AddNoteAsync(client, ticket.Id, "hi"), Does.StartWith("the API refused (403 forbidden)"));
        server.InjectFault(TixalloFault.ConnectionAbort());
        Assert.That(await Errors.AddNoteAsync(client, ticket.Id, "hi"), Does.StartWith("network failure"));
    }
}
