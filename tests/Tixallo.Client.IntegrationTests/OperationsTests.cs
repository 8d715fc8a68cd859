using System.Text;
using System.Text.Json.Nodes;

namespace Tixallo.Client.IntegrationTests;

/// <summary>Every operation's success path over real HTTP against the file stubs, checked on the request journal.</summary>
public class OperationsTests : IntegrationTest
{
    [Test]
    public async Task Tickets_EveryOperation()
    {
        using var client = Client();

        var created = await client.Tickets.CreateAsync(new CreateTicketRequest { Subject = "Printer on fire", CustomerEmail = "ada@example.com", Tags = ["hardware"] });
        var fetched = await client.Tickets.GetAsync("tkt_1");
        var listed = new List<string>();
        await foreach (var ticket in client.Tickets.ListAsync(new ListTicketsOptions { Limit = 2 }))
        {
            listed.Add(ticket.Id);
        }

        var updated = await client.Tickets.UpdateAsync("tkt_1", new UpdateTicketRequest { Status = TicketStatus.Pending, AssigneeId = null });
        await client.Tickets.DeleteAsync("tkt_1");
        var target = await client.Tickets.MergeAsync("tkt_3", "tkt_2");

        var journal = Journal();
        Assert.Multiple(() =>
        {
            Assert.That(created.Id, Is.EqualTo("tkt_1"));
            Assert.That(fetched.Priority, Is.EqualTo(TicketPriority.High));
            Assert.That(listed, Is.EqualTo(new[] { "tkt_1", "tkt_2", "tkt_3" }));
            Assert.That(updated.Status, Is.EqualTo(TicketStatus.Pending));
            Assert.That(target.Id, Is.EqualTo("tkt_2"));
            Assert.That(journal.Select(r => $"{r.Method} {r.Url}"), Is.EqualTo(new[]
            {
                "POST /v1/tickets",
                "GET /v1/tickets/tkt_1",
                "GET /v1/tickets?limit=2",
                "GET /v1/tickets?limit=2&cursor=c2",
                "PATCH /v1/tickets/tkt_1",
                "DELETE /v1/tickets/tkt_1",
                "POST /v1/tickets/tkt_3/merge",
            }));
            Assert.That(JsonNode.Parse(journal[0].Body)!.ToJsonString(), Is.EqualTo("""{"subject":"Printer on fire","customer_email":"ada@example.com","tags":["hardware"]}"""));
            Assert.That(journal[4].Body, Is.EqualTo("""{"status":"pending","assignee_id":null}"""));
            Assert.That(journal[6].Body, Is.EqualTo("""{"target_ticket_id":"tkt_2"}"""));
        });
    }

    [Test]
    public async Task EveryRequest_CarriesAuthorizationUserAgentAcceptAndCorrelation()
    {
        using var client = Client();

        await client.Tickets.GetAsync("tkt_1");

        var request = Journal().Single();
        Assert.Multiple(() =>
        {
            Assert.That(request.Header("Authorization"), Is.EqualTo("Bearer " + ApiKey));
            Assert.That(request.Header("User-Agent"), Does.Match(@"^Tixallo\.Client/\d+\.\d+\.\d+\S* \(\.NET \d+\.\d+\.\d+; .+\)$"));
            Assert.That(request.Header("Accept"), Is.EqualTo("application/json"));
            Assert.That(request.Header("x-correlation-id"), Has.Length.GreaterThan(0));
        });
    }

    [Test]
    public async Task Messages_AddAndList()
    {
        using var client = Client();

        var message = await client.Messages.CreateAsync("tkt_1", new CreateMessageRequest { Body = "On it", AuthorType = MessageAuthorType.Agent, Internal = false });
        var messages = new List<Message>();
        await foreach (var item in client.Messages.ListAsync("tkt_1"))
        {
            messages.Add(item);
        }

        var journal = Journal();
        Assert.That(message.Id, Is.EqualTo("msg_1"));
        Assert.That(messages.Select(m => m.Id), Is.EqualTo(new[] { "msg_1", "msg_2" }));
        Assert.That(journal[0].Body, Is.EqualTo("""{"body":"On it","author_type":"agent","internal":false}"""));
    }

    [Test]
    public void Messages_ToAMergedTicket_RaiseTicketMerged()
    {
        using var client = Client();

        var error = Assert.ThrowsAsync<TixalloTicketMergedException>(() => client.Messages.CreateAsync("tkt_merged", new CreateMessageRequest { Body = "Hi" }));

        Assert.That(error!.TicketId, Is.EqualTo("tkt_merged"));
    }

    [Test]
    public async Task Templates_EveryOperation()
    {
        using var client = Client();

        var created = await client.Templates.CreateAsync(new CreateTemplateRequest { Name = "Greeting", Body = "Hi there" });
        var fetched = await client.Templates.GetAsync("tpl_1");
        var names = new List<string>();
        await foreach (var template in client.Templates.ListAsync())
        {
            names.Add(template.Name);
        }

        var updated = await client.Templates.UpdateAsync("tpl_1", new UpdateTemplateRequest { Name = "Greeting v2" });
        await client.Templates.DeleteAsync("tpl_1");

        var journal = Journal();
        Assert.Multiple(() =>
        {
            Assert.That(created.Id, Is.EqualTo("tpl_1"));
            Assert.That(fetched.Subject, Is.EqualTo("Hello"));
            Assert.That(names, Is.EqualTo(new[] { "Greeting", "Closing" }));
            Assert.That(updated.Name, Is.EqualTo("Greeting v2"));
            Assert.That(journal.Select(r => $"{r.Method} {r.Url}"), Is.EqualTo(new[]
            {
                "POST /v1/templates", "GET /v1/templates/tpl_1", "GET /v1/templates", "PATCH /v1/templates/tpl_1", "DELETE /v1/templates/tpl_1",
            }));
            Assert.That(journal[3].Body, Is.EqualTo("""{"name":"Greeting v2"}"""));
        });
    }

    [Test]
    public async Task Attachments_UploadMetadataDownload()
    {
        using var client = Client();

        var uploaded = await client.Attachments.UploadAsync("tkt_1", new MemoryStream(Encoding.UTF8.GetBytes("hello attachment")), "log.txt", "text/plain");
        var metadata = await client.Attachments.GetAsync("att_1");
        await using var download = await client.Attachments.DownloadAsync("att_1");
        using var reader = new StreamReader(download);
        var content = await reader.ReadToEndAsync();

        var upload = Journal()[0];
        Assert.Multiple(() =>
        {
            Assert.That(uploaded.Id, Is.EqualTo("att_1"));
            Assert.That(metadata.SizeBytes, Is.EqualTo(16));
            Assert.That(content, Is.EqualTo("hello attachment"));
            Assert.That(upload.Header("Content-Type"), Does.StartWith("multipart/form-data; boundary="));
            Assert.That(upload.Body, Does.Contain("name=file").And.Contain("filename=log.txt").And.Contain("hello attachment"));
        });
    }
}
