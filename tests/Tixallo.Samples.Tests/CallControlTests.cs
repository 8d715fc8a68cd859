using Tixallo.Client;
using Tixallo.Client.Testing;
using Tixallo.Samples.ErrorHandling;

namespace Tixallo.Samples.Tests;

public class CallControlTests
{
    [Test]
    public async Task QuickLook_ReadsTheTicket_ThroughAView()
    {
        await using var server = await TixalloFakeServer.StartAsync();
        using var client = new TixalloClient(new TixalloClientOptions { ApiKey = server.CreateApiKey(), BaseAddress = server.BaseAddress });
        var ticket = await client.Tickets.CreateAsync(new CreateTicketRequest { Subject = "Printer on fire", CustomerEmail = "ada@example.com" });

        Assert.That(await CallControl.QuickLookAsync(client, ticket.Id), Is.EqualTo("Printer on fire"));
    }

    [Test]
    public async Task Sync_InterruptedAndResumedFromTheKeptCursor_CopiesEveryTicketExactlyOnce_WhileTicketsAreAdded()
    {
        await using var server = await TixalloFakeServer.StartAsync(new TixalloFakeServerOptions { RateLimitPerMinute = 1000 });
        using var client = new TixalloClient(new TixalloClientOptions { ApiKey = server.CreateApiKey(), BaseAddress = server.BaseAddress });
        for (var i = 0; i < 250; i++)
        {
            await client.Tickets.CreateAsync(new CreateTicketRequest { Subject = $"t{i}", CustomerEmail = "a@b.co" });
        }

        var store = new List<Ticket>();
        string? kept = null;
        // The first run stops after two pages (as a deploy would stop it); tickets are added before the next run.
        try
        {
            await CallControl.SyncAsync(client, kept, store, cursor =>
            {
                kept = cursor;
                if (store.Count >= 200)
                {
                    throw new OperationCanceledException("stopped for a deploy");
                }
            });
        }
        catch (OperationCanceledException)
        {
        }

        var first = store.Count;
        for (var i = 250; i < 280; i++)
        {
            await client.Tickets.CreateAsync(new CreateTicketRequest { Subject = $"t{i}", CustomerEmail = "a@b.co" });
        }

        await CallControl.SyncAsync(client, kept, store, cursor => kept = cursor);

        Assert.That(first, Is.EqualTo(200));
        Assert.That(store, Has.Count.EqualTo(280));
        Assert.That(store.Select(t => t.Id).Distinct().Count(), Is.EqualTo(280), "every ticket exactly once");
        Assert.That(kept, Is.Null, "the listing ran to its end");
    }
}
