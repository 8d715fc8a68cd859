using System.Net;
using Tixallo.Client.Tests.Support;

namespace Tixallo.Client.Tests.Templates;

public class TemplatesClientTests
{
    private StubHandler _stub = null!;
    private TixalloClient _client = null!;

    [SetUp]
    public void SetUp()
    {
        _stub = new StubHandler();
        _client = TestClients.Create(_stub);
    }

    [TearDown]
    public void TearDown()
    {
        _client.Dispose();
        _stub.Dispose();
    }

    [Test]
    public async Task CreateAsync_PostsTemplate_ReturnsIt()
    {
        _stub.Respond(HttpStatusCode.Created, Payloads.Template());

        var template = await _client.Templates.CreateAsync(new CreateTemplateRequest { Name = "Greeting", Body = "Hi {{name}}" });

        var sent = _stub.Requests.Single();
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
        var error = Assert.ThrowsAsync<ArgumentException>(() => _client.Templates.CreateAsync(new CreateTemplateRequest { Body = "x" }));

        Assert.That(error!.ParamName, Is.EqualTo("request"));
        Assert.That(error.Message, Does.Contain("Name"));
    }

    [Test]
    public async Task GetAsync_ReadsTemplate()
    {
        _stub.Respond(HttpStatusCode.OK, Payloads.Template("tpl_7"));

        var template = await _client.Templates.GetAsync("tpl_7");

        Assert.That($"{_stub.Requests.Single().Method} {_stub.Requests.Single().PathAndQuery}", Is.EqualTo("GET /v1/templates/tpl_7"));
        Assert.That(template.Id, Is.EqualTo("tpl_7"));
        Assert.That(template.Name, Is.EqualTo("Greeting"));
    }

    [Test]
    public async Task ListAsync_PagesThroughTemplates()
    {
        _stub.Respond(HttpStatusCode.OK, Payloads.Page([Payloads.Template("tpl_1")], "p2"))
            .Respond(HttpStatusCode.OK, Payloads.Page([], null));

        var templates = new List<Template>();
        await foreach (var template in _client.Templates.ListAsync(new ListOptions { Limit = 50 }))
        {
            templates.Add(template);
        }

        Assert.That(templates.Select(t => t.Id), Is.EqualTo(new[] { "tpl_1" }));
        Assert.That(_stub.Requests.Select(r => r.PathAndQuery), Is.EqualTo(new[] { "/v1/templates?limit=50", "/v1/templates?limit=50&cursor=p2" }));
    }

    [Test]
    public async Task UpdateAsync_SendsOnlyNonNullFields()
    {
        _stub.Respond(HttpStatusCode.OK, Payloads.Template());

        await _client.Templates.UpdateAsync("tpl_1", new UpdateTemplateRequest { Subject = "New subject" });

        var sent = _stub.Requests.Single();
        Assert.That($"{sent.Method} {sent.PathAndQuery}", Is.EqualTo("PATCH /v1/templates/tpl_1"));
        Assert.That(sent.BodyText, Is.EqualTo("""{"subject":"New subject"}"""));
    }

    [Test]
    public async Task DeleteAsync_SendsDelete()
    {
        _stub.Respond(HttpStatusCode.NoContent);

        await _client.Templates.DeleteAsync("tpl_1");

        Assert.That($"{_stub.Requests.Single().Method} {_stub.Requests.Single().PathAndQuery}", Is.EqualTo("DELETE /v1/templates/tpl_1"));
    }
}
