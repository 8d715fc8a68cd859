using Microsoft.Extensions.DependencyInjection;
using Tixallo.Client;

// A .NET Framework app on the package: both ways of building a client, a round trip, a listing and an error, against
// tixallo-fake (the standalone fake API). Usage: Tixallo.Samples.NetFramework.exe <base-address> <api-key>.
// Exit code 0 when everything behaved.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: Tixallo.Samples.NetFramework.exe <base-address> <api-key> (as tixallo-fake prints them)");
    return 2;
}

var baseAddress = new Uri(args[0]);
var key = args[1];

using var direct = new TixalloClient(new TixalloClientOptions { ApiKey = key, BaseAddress = baseAddress });
var ticket = await direct.Tickets.CreateAsync(new CreateTicketRequest { Subject = "From .NET Framework", CustomerEmail = "ada@example.com" });

var services = new ServiceCollection();
services.AddTixalloClient(o =>
{
    o.ApiKey = key;
    o.BaseAddress = baseAddress;
});
using var provider = services.BuildServiceProvider();
var injected = provider.GetRequiredService<ITixalloClient>();
var fetched = await injected.Tickets.GetAsync(ticket.Id);

var listed = 0;
await foreach (var _ in injected.Tickets.ListAsync(new ListTicketsOptions { Limit = 1 }))
{
    listed++;
}

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

var assembly = typeof(TixalloClient).Assembly;
var built = assembly.GetCustomAttributes(typeof(System.Runtime.Versioning.TargetFrameworkAttribute), false).OfType<System.Runtime.Versioning.TargetFrameworkAttribute>().Single().FrameworkName;
Console.WriteLine($"Tixallo.Client {assembly.GetName().Version} ({built}) on .NET Framework {Environment.Version}: created and read {fetched.Id} \"{fetched.Subject}\", listed {listed}");
return fetched.Id == ticket.Id && listed >= 1 ? 0 : 1;
