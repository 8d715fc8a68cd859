using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tixallo.Client;
using Tixallo.Client.Testing;

// A generic host with ITixalloClient bound from appsettings.json ("Tixallo" section). The key comes from the
// environment (TIXALLO__APIKEY); without one the sample starts a local fake and points the settings at it. Console logging shows the SDK's
// retry lines (category "Tixallo.Client", level Warning).
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
await using var fake = string.IsNullOrEmpty(builder.Configuration["Tixallo:ApiKey"]) ? await TixalloFakeServer.StartAsync() : null;
if (fake is not null)
{
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Tixallo:ApiKey"] = fake.CreateApiKey(),
        ["Tixallo:BaseAddress"] = fake.BaseAddress.AbsoluteUri,
    });
    fake.InjectFault(TixalloFault.Status(503), times: 2);
}

builder.Services.AddTixalloClient(builder.Configuration.GetSection("Tixallo"));
builder.Services.AddHostedService<TicketReporter>();
using var host = builder.Build();
await host.RunAsync();
return Environment.ExitCode;

/// <summary>Creates a ticket through the injected client, lists the open ones, and stops the host.</summary>
internal sealed class TicketReporter(ITixalloClient tixallo, IHostApplicationLifetime lifetime) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var ticket = await tixallo.Tickets.CreateAsync(new CreateTicketRequest { Subject = "Hello from DI", CustomerEmail = "ada@example.com" }, stoppingToken);
            Console.WriteLine($"created {ticket.Id}");
            await foreach (var open in tixallo.Tickets.ListAsync(new ListTicketsOptions { Status = TicketStatus.Open }, stoppingToken))
            {
                Console.WriteLine($"open: {open.Id} {open.Subject}");
            }
        }
        catch (TixalloException e)
        {
            Console.Error.WriteLine($"{e.GetType().Name}: {e.Message} (correlation id {e.CorrelationId})");
            Environment.ExitCode = 1;
        }
        finally
        {
            lifetime.StopApplication();
        }
    }
}
