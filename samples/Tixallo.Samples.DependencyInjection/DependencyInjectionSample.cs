using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Polly;
using Polly.Extensions.Http;
using Tixallo.Client;
using Tixallo.Client.Testing;

namespace Tixallo.Samples.DependencyInjection;

/// <summary>
/// A generic host with <see cref="ITixalloClient"/> bound from appsettings.json ("Tixallo" section), and two policies
/// of the app's own added with Microsoft.Extensions.Http.Polly: a circuit breaker and a bulkhead. A second workspace
/// is a named client ("partner", section "Workspaces:Partner") with a key of its own, and the key of the first is
/// rotated by a configuration reload. The keys come from the environment (TIXALLO__APIKEY,
/// WORKSPACES__PARTNER__APIKEY); without the first the sample starts a local fake and points both at it.
/// Console logging shows the SDK's retry lines (category "Tixallo.Client", level Warning).
/// </summary>
public static class DependencyInjectionSample
{
    /// <summary>How many failed attempts in a row open the breaker.</summary>
    public const int FailuresBeforeBreaking = 3;

    /// <summary>How long the breaker stays open before it lets one trial attempt through.</summary>
    public static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(1);

    /// <summary>Runs the sample; 0 when every step behaved as narrated.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
        await using var fake = string.IsNullOrEmpty(builder.Configuration["Tixallo:ApiKey"]) ? await TixalloFakeServer.StartAsync() : null;
        if (fake is not null)
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Tixallo:ApiKey"] = fake.CreateApiKey(),
                ["Tixallo:BaseAddress"] = fake.BaseAddress.AbsoluteUri,
                ["Workspaces:Partner:ApiKey"] = fake.CreateApiKey("ws_partner"),
                ["Workspaces:Partner:BaseAddress"] = fake.BaseAddress.AbsoluteUri,
            });
        }

        // The SDK's retries stay on. They do not stack with these policies: the SDK's retry handler is the outermost
        // handler and runs once per call, while handlers added here run below it, once per attempt. There is one retry
        // loop; the breaker only counts attempts and refuses them, the bulkhead only bounds how many run at once.
        // (A retry policy added here would be a second loop: then set Tixallo:Retry:MaxRetries to 0.)
        builder.Services.AddTixalloClient(builder.Configuration.GetSection("Tixallo"))
            .AddPolicyHandler(Policy.BulkheadAsync<HttpResponseMessage>(maxParallelization: 16, maxQueuingActions: 64))
            .AddPolicyHandler(HttpPolicyExtensions.HandleTransientHttpError().CircuitBreakerAsync(FailuresBeforeBreaking, BreakDuration));

        // <named-clients>
        // A second workspace: a keyed ITixalloClient with its own key, options, HttpClient and rate budget, injected
        // with [FromKeyedServices("partner")]. A reload of either section's ApiKey reaches that client's next attempt.
        if (!string.IsNullOrEmpty(builder.Configuration["Workspaces:Partner:ApiKey"]))
        {
            builder.Services.AddTixalloClient("partner", builder.Configuration.GetSection("Workspaces:Partner"));
        }
        // </named-clients>
        var result = new SampleResult();
        builder.Services.AddSingleton(result);
        builder.Services.AddSingleton(new SampleSettings(output, fake));
        builder.Services.AddHostedService<TicketReporter>();
        using var host = builder.Build();
        await host.RunAsync();
        return result.Succeeded ? 0 : 1;
    }
}

/// <summary>Whether the reporter got to its end.</summary>
internal sealed class SampleResult
{
    public bool Succeeded { get; set; }
}

/// <summary>Where the reporter writes, and the fake it can inject faults into (null against the real API).</summary>
internal sealed record SampleSettings(TextWriter Output, TixalloFakeServer? Fake);

/// <summary>Creates a ticket, lists the open ones, shows the breaker open, fail fast and recover, then stops the host.</summary>
/// <remarks>Against the fake it then works in the partner workspace, and rotates the first workspace's key.</remarks>
internal sealed class TicketReporter(
    ITixalloClient tixallo,
    IServiceProvider services,
    IConfiguration configuration,
    SampleSettings settings,
    SampleResult result,
    IHostApplicationLifetime lifetime) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var output = settings.Output;
        try
        {
            settings.Fake?.InjectFault(TixalloFault.Status(503), times: 2);
            var ticket = await tixallo.Tickets.CreateAsync(new CreateTicketRequest { Subject = "Hello from DI", CustomerEmail = "ada@example.com" }, stoppingToken);
            output.WriteLine($"created {ticket.Id} (after two 503s the SDK retried)");
            await foreach (var open in tixallo.Tickets.ListAsync(new ListTicketsOptions { Status = TicketStatus.Open }, stoppingToken))
            {
                output.WriteLine($"open: {open.Id} {open.Subject}");
            }

            if (services.GetKeyedService<ITixalloClient>("partner") is { } partner)
            {
                var theirs = await partner.Tickets.CreateAsync(new CreateTicketRequest { Subject = "Hello from the partner workspace", CustomerEmail = "grace@example.com" }, stoppingToken);
                output.WriteLine($"partner workspace: created {theirs.Id} with its own key");
            }

            if (settings.Fake is { } fake)
            {
                await ShowTheBreakerAsync(fake, ticket.Id, output, stoppingToken);
                await RotateTheKeyAsync(fake, ticket.Id, output, stoppingToken);
            }

            result.Succeeded = true;
        }
        catch (TixalloException e)
        {
            output.WriteLine($"unexpected {e.GetType().Name}: {e.Message} (correlation id {e.CorrelationId})");
        }
        finally
        {
            lifetime.StopApplication();
        }
    }

    private async Task ShowTheBreakerAsync(TixalloFakeServer fake, string ticketId, TextWriter output, CancellationToken stoppingToken)
    {
        fake.InjectFault(TixalloFault.Status(503), times: DependencyInjectionSample.FailuresBeforeBreaking);
        try
        {
            await tixallo.Tickets.GetAsync(ticketId, stoppingToken);
        }
        catch (TixalloConnectionException e)
        {
            // The breaker's own BrokenCircuitException arrives typed, with the call's correlation id and attempts.
            output.WriteLine($"circuit open: {e.GetType().Name} ({e.InnerException?.GetType().Name}) after {e.Attempts} attempts, correlation id {e.CorrelationId}");
        }

        try
        {
            await tixallo.Tickets.GetAsync(ticketId, stoppingToken);
        }
        catch (TixalloConnectionException e)
        {
            output.WriteLine($"failed fast while open: {e.InnerException?.GetType().Name} after {e.Attempts} attempt");
        }

        await Task.Delay(DependencyInjectionSample.BreakDuration + TimeSpan.FromMilliseconds(200), stoppingToken);
        var again = await tixallo.Tickets.GetAsync(ticketId, stoppingToken);
        output.WriteLine($"recovered: the half-open trial read {again.Id}");
    }

    /// <summary>A new key goes into configuration and is reloaded (as an edited appsettings.json or a secret store would); the old one is revoked.</summary>
    private async Task RotateTheKeyAsync(TixalloFakeServer fake, string ticketId, TextWriter output, CancellationToken stoppingToken)
    {
        var root = (IConfigurationRoot)configuration;
        var oldKey = root["Tixallo:ApiKey"]!;
        root["Tixallo:ApiKey"] = fake.CreateApiKey();
        root.Reload();
        fake.RevokeApiKey(oldKey);
        var read = await tixallo.Tickets.GetAsync(ticketId, stoppingToken);
        output.WriteLine($"rotated: the new key read {read.Id} after the old one was revoked, no restart");
    }
}
