using Tixallo.Client;
using Tixallo.Client.Testing;
using Tixallo.Samples.ErrorHandling;

// Provokes one error of each class against a local fake server and shows how the catch ladder handles it.
await using var server = await TixalloFakeServer.StartAsync();
using var client = new TixalloClient(new TixalloClientOptions
{
    ApiKey = server.CreateApiKey(),
    BaseAddress = server.BaseAddress,
    Retry = new TixalloRetryOptions { MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(50), MaxRetryAfter = TimeSpan.FromSeconds(5) },
});
var ticket = await client.Tickets.CreateAsync(new CreateTicketRequest { Subject = "Help", CustomerEmail = "ada@example.com" });

Console.WriteLine(await Errors.AddNoteAsync(client, "tkt_missing", "Hello"));   // 404
Console.WriteLine(await Errors.AddNoteAsync(client, ticket.Id, ""));            // argument check, before any request
server.InjectFault(TixalloFault.Status(503), times: 2);
Console.WriteLine(await Errors.AddNoteAsync(client, ticket.Id, "Hello"));       // 503 twice: retries run out
server.InjectFault(TixalloFault.Status(429, TimeSpan.FromMinutes(10)));
Console.WriteLine(await Errors.AddNoteAsync(client, ticket.Id, "Hello"));       // 429 asking for longer than MaxRetryAfter
Console.WriteLine(await Errors.AddNoteAsync(client, ticket.Id, "Hello"));       // works
