using Tixallo.Client.NetFramework.Tests.Support;

namespace Tixallo.Client.NetFramework.Tests;

/// <summary>A call of every resource, a cursor listing, an upload and a streamed download, on .NET Framework.</summary>
public class ResourceTests : FakeServerFixture
{

    [Test]
    public async Task Tickets_AreCreatedReadUpdatedMergedAndDeleted()
    {
        var created = await Client.Tickets.CreateAsync(new CreateTicketRequest { Subject = "Printer on fire", CustomerEmail = "ada@example.com", Priority = TicketPriority.High });
        var read = await Client.Tickets.GetAsync(created.Id);
        var updated = await Client.Tickets.UpdateAsync(created.Id, new UpdateTicketRequest { Status = TicketStatus.Pending, AssigneeId = "agent_7" });
        var target = await Client.Tickets.CreateAsync(new CreateTicketRequest { Subject = "Same printer", CustomerEmail = "ada@example.com" });
        var merged = await Client.Tickets.MergeAsync(created.Id, target.Id);
        await Client.Tickets.DeleteAsync(target.Id);

        Assert.Multiple(() =>
        {
            Assert.That(read.Subject, Is.EqualTo("Printer on fire"));
            Assert.That(read.Priority, Is.EqualTo(TicketPriority.High));
            Assert.That(updated.Status, Is.EqualTo(TicketStatus.Pending));
            Assert.That(updated.AssigneeId, Is.EqualTo("agent_7"));
            Assert.That(merged.Id, Is.EqualTo(target.Id));
        });
        Assert.ThrowsAsync<TixalloNotFoundException>(() => Client.Tickets.GetAsync(target.Id));
    }

    [Test]
    public async Task Messages_AreCreatedAndListed()
    {
        var ticket = await Client.Tickets.CreateAsync(new CreateTicketRequest { Subject = "Hello", CustomerEmail = "a@example.com" });
        await Client.Messages.CreateAsync(ticket.Id, new CreateMessageRequest { Body = "First" });
        await Client.Messages.CreateAsync(ticket.Id, new CreateMessageRequest { Body = "Second", AuthorType = MessageAuthorType.Customer });

        var bodies = new List<string>();
        await foreach (var message in Client.Messages.ListAsync(ticket.Id, new ListOptions { Limit = 1 }))
        {
            bodies.Add(message.Body);
        }

        Assert.That(bodies, Is.EqualTo(new[] { "First", "Second" }));
    }

    [Test]
    public async Task Templates_AreCreatedReadUpdatedListedAndDeleted()
    {
        var created = await Client.Templates.CreateAsync(new CreateTemplateRequest { Name = "Greeting", Body = "Hi!" });
        var updated = await Client.Templates.UpdateAsync(created.Id, new UpdateTemplateRequest { Subject = "Hello" });
        var read = await Client.Templates.GetAsync(created.Id);
        var listed = new List<string>();
        await foreach (var template in Client.Templates.ListAsync())
        {
            listed.Add(template.Id);
        }

        await Client.Templates.DeleteAsync(created.Id);

        Assert.Multiple(() =>
        {
            Assert.That(updated.Subject, Is.EqualTo("Hello"));
            Assert.That(read.Body, Is.EqualTo("Hi!"));
            Assert.That(listed, Does.Contain(created.Id));
        });
        Assert.ThrowsAsync<TixalloNotFoundException>(() => Client.Templates.GetAsync(created.Id));
    }

    [Test]
    public async Task ACursorListing_WalksEveryPageInOrder()
    {
        using var client = Fake.CreateClient(apiKey: await Fake.CreateKeyAsync("ws_listing"));
        for (var i = 0; i < 5; i++)
        {
            await client.Tickets.CreateAsync(new CreateTicketRequest { Subject = $"T{i}", CustomerEmail = "a@example.com" });
        }

        var pages = new List<int>();
        var subjects = new List<string>();
        await foreach (var page in client.Tickets.ListPagesAsync(new ListTicketsOptions { Limit = 2 }))
        {
            pages.Add(page.Items.Count);
            subjects.AddRange(page.Items.Select(t => t.Subject));
        }

        Assert.That(pages, Is.EqualTo(new[] { 2, 2, 1 }));
        Assert.That(subjects, Is.EquivalentTo(new[] { "T0", "T1", "T2", "T3", "T4" }));
    }

    [Test]
    public async Task AnUpload_ComesBackByteForByte_ThroughAStreamedDownload()
    {
        var bytes = new byte[300_000];
        new Random(7).NextBytes(bytes);
        var ticket = await Client.Tickets.CreateAsync(new CreateTicketRequest { Subject = "Logs", CustomerEmail = "a@example.com" });

        var attachment = await Client.Attachments.UploadAsync(ticket.Id, new MemoryStream(bytes), "dump.bin", "application/octet-stream");
        var described = await Client.Attachments.GetAsync(attachment.Id);
        using var download = await Client.Attachments.DownloadAsync(attachment.Id);
        var copy = new MemoryStream();
        var buffer = new byte[8192];
        int read;
        while ((read = await download.ReadAsync(buffer, 0, buffer.Length)) > 0)
        {
            copy.Write(buffer, 0, read);
        }

        Assert.Multiple(() =>
        {
            Assert.That(described.FileName, Is.EqualTo("dump.bin"));
            Assert.That(download.ContentLength, Is.EqualTo(bytes.Length));
            Assert.That(copy.ToArray(), Is.EqualTo(bytes));
        });
    }
}
