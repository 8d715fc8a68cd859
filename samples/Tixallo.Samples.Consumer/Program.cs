using Microsoft.Extensions.DependencyInjection;
using Tixallo.Client;
using Tixallo.Client.Testing;

// A consumer of the NuGet packages: both ways of building a client, a round trip, and an error, against the
// fake server from Tixallo.Client.Testing. Exit code 0 when everything behaved.
await using var server = await TixalloFakeServer.StartAsync();
var key = server.CreateApiKey();

using var direct = new TixalloClient(new TixalloClientOptions { ApiKey = key, BaseAddress = server.BaseAddress });
var ticket = await direct.Tickets.CreateAsync(new CreateTicketRequest { Subject = "From the package", CustomerEmail = "ada@example.com" });

var services = new ServiceCollection();
services.AddTixalloClient(o =>
{
    o.ApiKey = key;
    o.BaseAddress = server.BaseAddress;
});
await using var provider = services.BuildServiceProvider();
var injected = provider.GetRequiredService<ITixalloClient>();
var fetched = await injected.Tickets.GetAsync(ticket.Id);

try
{
    await injected.Tickets.GetAsync("tkt_missing");
    Console.Error.WriteLine("expected a TixalloNotFoundException");
    return 1;
}
catch (TixalloNotFoundException e) when (e.CorrelationId is not null)
{
    Console.WriteLine($"404 as expected (correlation id {e.CorrelationId})");
}

var version = typeof(TixalloClient).Assembly.GetName().Version;
Console.WriteLine($"Tixallo.Client {version} from the package: created and read {fetched.Id} \"{fetched.Subject}\"");
return fetched.Id == ticket.Id ? 0 : 1;
