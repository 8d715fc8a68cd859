using System.Net;
using System.Text;
using Tixallo.Client.FakeServer;
using Tixallo.Client.Testing;

namespace Tixallo.Client.Testing.Tests;

/// <summary>tixallo-fake's command line and its control API, in process; the net48 suite drives it out of process.</summary>
public class FakeServerToolTests
{
    [Test]
    public void NoArguments_GiveTheDefaults()
    {
        var (options, error) = FakeCommandLine.Parse([]);

        Assert.That(error, Is.Null);
        Assert.That(options, Is.EqualTo(new FakeCommandLine()));
        Assert.That((options!.Port, options.ControlPort, options.RateLimitPerMinute, options.ErrorShape, options.Workspace, options.ExitWithStdin),
            Is.EqualTo((0, 0, 60, TixalloErrorShape.Legacy, "ws_default", false)));
    }

    [Test]
    public void EveryOption_IsRead()
    {
        var (options, error) = FakeCommandLine.Parse(
            ["--port", "8080", "--control-port", "8081", "--rate-limit", "5", "--error-shape", "Envelope", "--workspace", "ws_x", "--exit-with-stdin"]);

        Assert.That(error, Is.Null);
        Assert.That((options!.Port, options.ControlPort, options.RateLimitPerMinute, options.ErrorShape, options.Workspace, options.ExitWithStdin),
            Is.EqualTo((8080, 8081, 5, TixalloErrorShape.Envelope, "ws_x", true)));
    }

    [TestCase("--port", "65536")]
    [TestCase("--port", "-1")]
    [TestCase("--control-port", "x")]
    [TestCase("--rate-limit", "0")]
    [TestCase("--error-shape", "xml")]
    [TestCase("--workspace", " ")]
    [TestCase("--colour", "blue")]
    public void ABadOption_IsRefused_Naming_It(string name, string value)
    {
        var (options, error) = FakeCommandLine.Parse([name, value]);

        Assert.That(options, Is.Null);
        Assert.That(error, Does.Contain(name));
    }

    [Test]
    public void AnOptionWithoutItsValue_IsRefused()
    {
        var (options, error) = FakeCommandLine.Parse(["--port"]);

        Assert.That(options, Is.Null);
        Assert.That(error, Does.Contain("--port needs a value"));
    }

    [Test]
    public async Task TheControlApi_InjectsFaults_AndClearsThem()
    {
        await using var controlled = await ControlledFake.StartAsync();
        var (fake, http) = (controlled.Fake, controlled.Http);
        using var client = new TixalloClient(new TixalloClientOptions { ApiKey = fake.CreateApiKey(), BaseAddress = fake.BaseAddress, Retry = { MaxRetries = 0 } });

        var injected = await PostAsync(http, "faults", """{"status":503,"times":5,"path":"tickets"}""");
        var first = Assert.ThrowsAsync<TixalloServerException>(() => client.Tickets.GetAsync("tkt_1"));
        var cleared = await http.DeleteAsync("faults");

        Assert.That(injected.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(first!.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(cleared.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.ThrowsAsync<TixalloNotFoundException>(() => client.Tickets.GetAsync("tkt_1"), "no fault left after DELETE /faults");
    }

    [Test]
    public async Task TheControlApi_CreatesAndRevokesKeys_AndChangesSettings()
    {
        await using var controlled = await ControlledFake.StartAsync();
        var (fake, http) = (controlled.Fake, controlled.Http);

        var created = await PostAsync(http, "keys", """{"workspace":"ws_tool"}""");
        var key = System.Text.Json.JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("apiKey").GetString()!;
        var settings = await PostAsync(http, "settings", """{"rateLimitPerMinute":7,"errorShape":"localized"}""");
        using var client = new TixalloClient(new TixalloClientOptions { ApiKey = key, BaseAddress = fake.BaseAddress, Retry = { MaxRetries = 0 } });
        var missing = Assert.ThrowsAsync<TixalloNotFoundException>(() => client.Tickets.GetAsync("tkt_1"));
        var revoked = await PostAsync(http, "keys/revoke", $$"""{"apiKey":"{{key}}"}""");

        Assert.That(settings.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((fake.RateLimitPerMinute, fake.ErrorShape), Is.EqualTo((7, TixalloErrorShape.Localized)));
        Assert.That(missing!.ErrorShape, Is.EqualTo(TixalloErrorShape.Localized));
        Assert.That(revoked.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.ThrowsAsync<TixalloAuthenticationException>(() => client.Tickets.GetAsync("tkt_1"));
    }

    [TestCase("faults", """{"bogus":1}""", "needs")]
    [TestCase("faults", """{"status":"503"}""", "whole number")]
    [TestCase("faults", "not json", "invalid")]
    [TestCase("faults", "[1]", "not a JSON object")]
    [TestCase("settings", """{"errorShape":"xml"}""", "xml")]
    [TestCase("settings", """{"rateLimitPerMinute":0}""", "positive")]
    [TestCase("keys/revoke", "{}", "apiKey")]
    public async Task ARequestTheControlApiCannotRead_Is400_SayingWhy(string path, string body, string reason)
    {
        await using var controlled = await ControlledFake.StartAsync();
        var (fake, http) = (controlled.Fake, controlled.Http);

        var answer = await PostAsync(http, path, body);

        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await answer.Content.ReadAsStringAsync(), Does.Contain(reason));
    }

    [Test]
    public async Task AnUnknownControlRoute_Is404()
    {
        await using var controlled = await ControlledFake.StartAsync();
        var (fake, http) = (controlled.Fake, controlled.Http);

        var answer = await http.GetAsync("faults");

        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    /// <summary>The in-process fake with the tool's control API on it, and a client of that API.</summary>
    private sealed class ControlledFake(TixalloFakeServer fake, Microsoft.AspNetCore.Builder.WebApplication control, HttpClient http) : IAsyncDisposable
    {
        public TixalloFakeServer Fake => fake;

        public HttpClient Http => http;

        public static async Task<ControlledFake> StartAsync()
        {
            var fake = await TixalloFakeServer.StartAsync();
            var (control, address) = await ControlApi.StartAsync(fake, 0, CancellationToken.None);
            return new ControlledFake(fake, control, new HttpClient { BaseAddress = address });
        }

        public async ValueTask DisposeAsync()
        {
            http.Dispose();
            await control.DisposeAsync();
            await fake.DisposeAsync();
        }
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string path, string json) =>
        http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
}
