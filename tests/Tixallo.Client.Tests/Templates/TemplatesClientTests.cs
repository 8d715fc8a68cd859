using System.Net;
using Tixallo.Client.Tests.Support;

namespace Tixallo.Client.Tests.Templates;

public class TemplatesClientTests : StubbedClientTest
{
    [Test]
    public async Task CreateAsync_PostsTemplate_ReturnsIt()
    {
        Stub.Respond(HttpStatusCode.Created, Payloads.Template());

        var template = await Client.Templates.CreateAsync(new CreateTemplateRequest { Name = "Greeting", Body = "Hi {{name}}" });

        var sent = Stub.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That($"{sent.Method} {sent.PathAndQuery}", Is.EqualTo("POST /v1/templates"));
            Assert.That(sent.BodyText, Is.EqualTo("""{"name":"Greeting","body":"Hi {{name}}"}"""));
            Assert.That(template.Id, Is.EqualTo("tpl_1"));
            Assert.That(template.Subject, Is.EqualTo("Hello"));
        });
    }

    [Test]
    public void CreateAsync_MissingName_Throws()
    {
        var error = Assert.ThrowsAsync<ArgumentException>(() => Client.Templates.CreateAsync(new CreateTemplateRequest { Body = "x" }));

        Assert.That(error!.ParamName, Is.EqualTo("request"));
        Assert.That(error.Message, Does.Contain("Name"));
    }

    [Test]
    public async Task GetAsync_ReadsTemplate()
    {
        Stub.Respond(HttpStatusCode.OK, Payloads.Template("tpl_7"));

        var template = await Client.Templates.GetAsync("tpl_7");

        Assert.That($"{Stub.Requests.Single().Method} {Stub.Requests.Single().PathAndQuery}", Is.EqualTo("GET /v1/templates/tpl_7"));
        Assert.That(template.Id, Is.EqualTo("tpl_7"));
        Assert.That(template.Name, Is.EqualTo("Greeting"));
    }

    [Test]
    public async Task ListAsync_PagesThroughTemplates()
    {
        Stub.Respond(HttpStatusCode.OK, Payloads.Page([Payloads.Template("tpl_1")], "p2"))
            .Respond(HttpStatusCode.OK, Payloads.Page([], null));

        var templates = new List<Template>();
        await foreach (var template in Client.Templates.ListAsync(new ListOptions { Limit = 50 }))
        {
            templates.Add(template);
        }

        Assert.That(templates.Select(t => t.Id), Is.EqualTo(new[] { "tpl_1" }));
        Assert.That(Stub.Requests.Select(r => r.PathAndQuery), Is.EqualTo(new[] { "/v1/templates?limit=50", "/v1/templates?limit=50&cursor=p2" }));
    }

    [Test]
    public async Task UpdateAsync_SendsOnlyNonNullFields()
    {
        Stub.Respond(HttpStatusCode.OK, Payloads.Template());

        await Client.Templates.UpdateAsync("tpl_1", new UpdateTemplateRequest { Subject = "New subject" });

        var sent = Stub.Requests.Single();
        Assert.That($"{sent.Method} {sent.PathAndQuery}", Is.EqualTo("PATCH /v1/templates/tpl_1"));
        Assert.That(sent.BodyText, Is.EqualTo("""{"subject":"New subject"}"""));
    }

    [Test]
    public async Task DeleteAsync_SendsDelete()
    {
        Stub.Respond(HttpStatusCode.NoContent);

        await Client.Templates.DeleteAsync("tpl_1");

        Assert.That($"{Stub.Requests.Single().Method} {Stub.Requests.Single().PathAndQuery}", Is.EqualTo("DELETE /v1/templates/tpl_1"));
    }
}
