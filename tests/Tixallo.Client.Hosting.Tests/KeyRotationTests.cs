using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Tixallo.Client.Hosting.Tests.Support;
using Tixallo.Client.Tests.Support;

namespace Tixallo.Client.Hosting.Tests;

/// <summary>A rotated key reaches the next attempt: through a configuration reload, or a credential's <c>Update</c>.</summary>
public class KeyRotationTests
{
    [Test]
    public async Task AReloadOfTheBoundConfiguration_ChangesTheKeyOfTheNextCall()
    {
        await using var host = await TestHost.StartAsync((builder, parts) =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Tixallo:ApiKey"] = TestHost.KeyA,
                ["Tixallo:BaseAddress"] = TestHost.BaseAddress.AbsoluteUri,
            });
            parts.OnStub(builder.Services.AddTixalloClient(builder.Configuration.GetSection("Tixallo")));
        });
        host.Stub.Respond(HttpStatusCode.OK, Payloads.Ticket());
        await host.Client.Tickets.GetAsync("tkt_1");

        var configuration = (IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>();
        configuration["Tixallo:ApiKey"] = TestHost.KeyB;
        configuration.Reload();
        await host.Client.Tickets.GetAsync("tkt_1");

        Assert.That(host.Stub.Requests.Select(r => r.Header("Authorization")), Is.EqualTo(new[] { "Bearer " + TestHost.KeyA, "Bearer " + TestHost.KeyB }));
    }

    [Test]
    public async Task AnEditedAppSettingsFile_ChangesTheKeyWithoutARestart()
    {
        await using var settings = await AppSettingsFile.WithKeyAsync(TestHost.KeyA);
        await using var host = await StartOnAsync(settings);

        await settings.WithKeyAsync(TestHost.KeyB, host);
        await host.Client.Tickets.GetAsync("tkt_1");

        Assert.That(host.Stub.Requests.Single().Header("Authorization"), Is.EqualTo("Bearer " + TestHost.KeyB));
    }

    [Test]
    public async Task AReloadWithAnInvalidKey_KeepsTheKeyInUse()
    {
        await using var settings = await AppSettingsFile.WithKeyAsync(TestHost.KeyA);
        await using var host = await StartOnAsync(settings);
        await host.Client.Tickets.GetAsync("tkt_1");

        await settings.WithKeyAsync("tx with spaces", host);
        await host.Client.Tickets.GetAsync("tkt_1");
        await settings.WithKeyAsync(TestHost.KeyB, host);
        await host.Client.Tickets.GetAsync("tkt_1");

        Assert.That(host.Stub.Requests.Select(r => r.Header("Authorization")), Is.EqualTo(new[] { "Bearer " + TestHost.KeyA, "Bearer " + TestHost.KeyA, "Bearer " + TestHost.KeyB }),
            "a key a header cannot carry is not taken up; the next valid one is");
    }

    [Test]
    public async Task ACredentialUpdate_ChangesTheKeyOfTheNextCall_UnderDi()
    {
        var credential = new TixalloApiKeyCredential(TestHost.KeyA);
        await using var host = await TestHost.StartAsync((builder, parts) =>
            parts.OnStub(builder.Services.AddTixalloClient(o =>
            {
                parts.Sdk(o);
                o.ApiKey = null;
                o.Credential = credential;
            })));
        host.Stub.Respond(HttpStatusCode.OK, Payloads.Ticket());

        await host.Client.Tickets.GetAsync("tkt_1");
        credential.Update(TestHost.KeyB);
        await host.Client.Tickets.GetAsync("tkt_1");

        Assert.That(host.Stub.Requests.Select(r => r.Header("Authorization")), Is.EqualTo(new[] { "Bearer " + TestHost.KeyA, "Bearer " + TestHost.KeyB }));
    }

    [Test]
    public async Task AKeyRotatedDuringABackoff_IsSentByTheRetry()
    {
        var clock = new TestClock();
        var stub = new StubHandler().Respond(HttpStatusCode.ServiceUnavailable).Respond(HttpStatusCode.OK, Payloads.Ticket());
        var credential = new TixalloApiKeyCredential(TestHost.KeyA);
        using var client = new TixalloClient(new TixalloClientOptions { Credential = credential, BaseAddress = TestHost.BaseAddress, TimeProvider = clock }, stub);

        var call = client.Tickets.GetAsync("tkt_1");
        var backoff = await clock.NextSleepAsync().WaitAsync(TimeSpan.FromSeconds(10));
        credential.Update(TestHost.KeyB);
        clock.Advance(backoff.DueAt - clock.GetUtcNow());
        await call.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(stub.Requests.Select(r => r.Header("Authorization")), Is.EqualTo(new[] { "Bearer " + TestHost.KeyA, "Bearer " + TestHost.KeyB }), "the key is read per attempt");
    }

    [Test]
    public void AnInvalidUpdate_IsRefusedNamingTheArgument_AndTheOldKeyStays()
    {
        var stub = new StubHandler().Respond(HttpStatusCode.OK, Payloads.Ticket());
        var credential = new TixalloApiKeyCredential(TestHost.KeyA);
        using var client = new TixalloClient(new TixalloClientOptions { Credential = credential, BaseAddress = TestHost.BaseAddress }, stub);

        var blank = Assert.Throws<ArgumentException>(() => credential.Update(" "));
        var newline = Assert.Throws<ArgumentException>(() => credential.Update("tx_live_a\r\nX-Injected: 1"));
        Assert.Throws<ArgumentNullException>(() => credential.Update(null!));

        Assert.That(blank!.ParamName, Is.EqualTo("key"));
        Assert.That(newline!.ParamName, Is.EqualTo("key"));
        Assert.DoesNotThrowAsync(() => client.Tickets.GetAsync("tkt_1"));
        Assert.That(stub.Requests.Single().Header("Authorization"), Is.EqualTo("Bearer " + TestHost.KeyA));
    }

    [Test]
    public void TheKey_IsInNoToString()
    {
        var credential = new TixalloApiKeyCredential(TestHost.KeyA);
        var options = new TixalloClientOptions { Credential = credential };

        Assert.That(credential.ToString(), Does.Not.Contain(TestHost.KeyA));
        Assert.That(options.ToString(), Does.Not.Contain(TestHost.KeyA).And.Contain("Credential = (set)"));
    }

    [Test]
    public void TheKeyAndACredential_AreRefusedTogether_AndOneOfThemIsRequired()
    {
        var both = Assert.Throws<ArgumentException>(() => new TixalloClient(new TixalloClientOptions { ApiKey = TestHost.KeyA, Credential = new TixalloApiKeyCredential(TestHost.KeyB) }));
        var neither = Assert.Throws<ArgumentException>(() => new TixalloClient(new TixalloClientOptions()));

        Assert.That(both!.ParamName, Is.EqualTo("options"));
        Assert.That(both.Message, Does.Contain("ApiKey and Credential are both set"));
        Assert.That(neither!.Message, Does.Contain("ApiKey is required").And.Contain("Credential"));
    }

    [Test]
    public async Task UnderDi_TheKeyAndACredentialTogether_FailAtStart()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddTixalloClient(o =>
        {
            o.ApiKey = TestHost.KeyA;
            o.Credential = new TixalloApiKeyCredential(TestHost.KeyB);
        });
        using var host = builder.Build();

        var error = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.That(error!.Message, Does.Contain("ApiKey and Credential are both set"));
        await host.StopAsync();
    }

    private static async Task<TestHost> StartOnAsync(AppSettingsFile settings)
    {
        var host = await TestHost.StartAsync((builder, parts) =>
        {
            builder.Configuration.AddJsonFile(settings.Path, optional: false, reloadOnChange: true);
            parts.OnStub(builder.Services.AddTixalloClient(builder.Configuration.GetSection("Tixallo")));
        });
        host.Stub.Respond(HttpStatusCode.OK, Payloads.Ticket());
        return host;
    }

    /// <summary>An appsettings.json of the test's own, in a temporary folder, edited as an operator would edit it.</summary>
    private sealed class AppSettingsFile : IAsyncDisposable
    {
        private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("tixallo-settings-");

        public string Path => System.IO.Path.Combine(_folder.FullName, "appsettings.json");

        public static async Task<AppSettingsFile> WithKeyAsync(string key)
        {
            var file = new AppSettingsFile();
            await file.WriteAsync(key);
            return file;
        }

        /// <summary>Writes <paramref name="key"/> and waits until the host's file watcher has reloaded it.</summary>
        public async Task WithKeyAsync(string key, TestHost host)
        {
            await WriteAsync(key);
            var configuration = host.Services.GetRequiredService<IConfiguration>();
            await Eventually.That(() => configuration["Tixallo:ApiKey"] == key, "the file watcher to reload appsettings.json");
        }

        public ValueTask DisposeAsync()
        {
            _folder.Delete(recursive: true);
            return default;
        }

        private Task WriteAsync(string key) => File.WriteAllTextAsync(Path, $$"""
            { "Tixallo": { "ApiKey": "{{key}}", "BaseAddress": "{{TestHost.BaseAddress.AbsoluteUri}}" } }
            """);
    }
}
