using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Refit;
using Tixallo.Client;

// dotnet <published>/Tixallo.Client.ColdStart.dll --drive [pairs]     a loopback server, then a fresh process per first call,
//                                                                     contestants interleaved; medians of each to raw HttpClient
// dotnet <published>/Tixallo.Client.ColdStart.dll raw|factory|new|di|azure|refit <base>
//                                                                     one fresh process: the time from Main to the first model
var start = Stopwatch.GetTimestamp();
if (args is ["--drive", ..])
{
    return await Driver.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 11);
}

var baseAddress = new Uri(args[1]);
string subject = args[0] switch
{
    "raw" => await FirstCall.RawAsync(baseAddress),
    "factory" => await FirstCall.FactoryAsync(baseAddress),
    "new" => await FirstCall.NewClientAsync(baseAddress),
    "di" => await FirstCall.DependencyInjectionAsync(baseAddress),
    "azure" => await FirstCall.AzureCoreAsync(baseAddress),
    "refit" => await FirstCall.RefitAsync(baseAddress),
    _ => throw new ArgumentException("raw, factory, new, di, azure or refit", nameof(args)),
};
Console.WriteLine(FormattableString.Invariant($"{Stopwatch.GetElapsedTime(start).TotalMilliseconds:F3} {subject}"));
return 0;

/// <summary>
/// One GET of one ticket, as each kind of app would first make it. Every contestant reads the same whole ticket (13
/// fields: enums, dates, a list) into a model with source-generated JSON, as the SDK does.
/// </summary>
internal static class FirstCall
{
    public static async Task<string> RawAsync(Uri baseAddress)
    {
        using var http = new HttpClient { BaseAddress = baseAddress };
        var ticket = await http.GetFromJsonAsync("tickets/tkt_1", RawJson.Default.RawTicket);
        return ticket!.Subject;
    }

    /// <summary>The same raw call through IHttpClientFactory on a bare ServiceCollection: what DI and the factory cost a first call.</summary>
    public static async Task<string> FactoryAsync(Uri baseAddress)
    {
        var services = new ServiceCollection();
        services.AddHttpClient("raw", http => http.BaseAddress = baseAddress);
        await using var provider = services.BuildServiceProvider();
        var http = provider.GetRequiredService<IHttpClientFactory>().CreateClient("raw");
        var ticket = await http.GetFromJsonAsync("tickets/tkt_1", RawJson.Default.RawTicket);
        return ticket!.Subject;
    }

    public static async Task<string> NewClientAsync(Uri baseAddress)
    {
        using var client = new TixalloClient(new TixalloClientOptions { ApiKey = "tx_test_cold", BaseAddress = baseAddress });
        return (await client.Tickets.GetAsync("tkt_1")).Subject;
    }

    public static async Task<string> DependencyInjectionAsync(Uri baseAddress)
    {
        var services = new ServiceCollection();
        services.AddTixalloClient(o =>
        {
            o.ApiKey = "tx_test_cold";
            o.BaseAddress = baseAddress;
        });
        await using var provider = services.BuildServiceProvider();
        return (await provider.GetRequiredService<ITixalloClient>().Tickets.GetAsync("tkt_1")).Subject;
    }

    /// <summary>Azure.Core 1.64's HttpPipeline with its default policies (retries, logging, telemetry), as an Azure SDK client makes a call.</summary>
    public static async Task<string> AzureCoreAsync(Uri baseAddress)
    {
        var pipeline = HttpPipelineBuilder.Build(new ColdClientOptions());
        using var message = pipeline.CreateMessage();
        message.Request.Method = RequestMethod.Get;
        message.Request.Uri.Reset(new Uri(baseAddress, "tickets/tkt_1"));
        message.Request.Headers.Add("Accept", "application/json");
        await pipeline.SendAsync(message, CancellationToken.None);
        if (message.Response.IsError)
        {
            throw new RequestFailedException(message.Response);
        }

        return JsonSerializer.Deserialize(message.Response.Content.ToMemory().Span, RawJson.Default.RawTicket)!.Subject;
    }

    /// <summary>What a user would write instead of the SDK: Refit over IHttpClientFactory with the standard resilience handler.</summary>
    public static async Task<string> RefitAsync(Uri baseAddress)
    {
        var services = new ServiceCollection();
        services.AddRefitGeneratedClient<IColdTicketsApi>(new RefitSettings { ContentSerializer = new SystemTextJsonContentSerializer(RawJson.Default.Options) })
            .ConfigureHttpClient(http => http.BaseAddress = new Uri(baseAddress.AbsoluteUri.TrimEnd('/')))
            .AddStandardResilienceHandler();
        await using var provider = services.BuildServiceProvider();
        return (await provider.GetRequiredService<IColdTicketsApi>().GetAsync("tkt_1")).Subject;
    }

    private sealed class ColdClientOptions : ClientOptions;
}

/// <summary>The ticket endpoint as a Refit user declares it.</summary>
public interface IColdTicketsApi
{
    [Get("/tickets/{id}")]
    Task<RawTicket> GetAsync(string id);
}

/// <summary>The whole ticket, as code without the SDK would model it.</summary>
public sealed record RawTicket(
    string Id,
    string WorkspaceId,
    string Subject,
    string? Description,
    RawStatus Status,
    RawPriority Priority,
    string CustomerEmail,
    string? AssigneeId,
    List<string> Tags,
    string? MergedIntoTicketId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public enum RawStatus { Open, Pending, Solved, Closed }

public enum RawPriority { Low, Normal, High, Urgent }

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, UseStringEnumConverter = true)]
[JsonSerializable(typeof(RawTicket))]
internal sealed partial class RawJson : JsonSerializerContext;

/// <summary>Serves a canned ticket on loopback and times a fresh process per contestant, in rotating order, pair by pair.</summary>
internal static class Driver
{
    private static readonly string[] Contestants = ["raw", "factory", "new", "di", "azure", "refit"];

    private static readonly byte[] Answer = Encoding.ASCII.GetBytes(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: " +
        Ticket.Length.ToString(CultureInfo.InvariantCulture) + "\r\n\r\n" + Ticket);

    private const string Ticket = """{"id":"tkt_1","workspace_id":"ws_1","subject":"Printer on fire","description":"Smoke","status":"open","priority":"high","customer_email":"ada@example.com","assignee_id":null,"tags":["hardware"],"merged_into_ticket_id":null,"created_at":"2026-11-01T09:30:00Z","updated_at":"2026-11-02T10:00:00Z"}""";

    public static async Task<int> RunAsync(int pairs)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var stop = new CancellationTokenSource();
        var serving = ServeAsync(listener, stop.Token);
        var baseAddress = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/v1/";
        var dll = typeof(Driver).Assembly.Location;
        var times = Contestants.ToDictionary(c => c, _ => new List<double>());
        var ratios = Contestants.ToDictionary(c => c, _ => new List<double>());
        foreach (var contestant in Contestants)
        {
            await TimeAsync(dll, contestant, baseAddress); // warms the disk cache, not the process
        }

        for (var pair = 0; pair < pairs; pair++)
        {
            var round = new Dictionary<string, double>();
            for (var i = 0; i < Contestants.Length; i++)
            {
                var contestant = Contestants[(pair + i) % Contestants.Length];
                round[contestant] = await TimeAsync(dll, contestant, baseAddress);
            }

            foreach (var contestant in Contestants)
            {
                times[contestant].Add(round[contestant]);
                ratios[contestant].Add(round[contestant] / round["raw"]);
            }
        }

        await stop.CancelAsync();
        listener.Stop();
        await serving.ContinueWith(_ => { }, TaskScheduler.Default);
        Console.WriteLine($"| first call | Main → model, × raw HttpClient (median of {pairs} pairs) | ms (median) |");
        Console.WriteLine("|---|---:|---:|");
        foreach (var contestant in Contestants)
        {
            Console.WriteLine(FormattableString.Invariant($"| {contestant} | {Median(ratios[contestant]):F2} | {Median(times[contestant]):F1} |"));
        }

        return 0;
    }

    private static async Task<double> TimeAsync(string dll, string contestant, string baseAddress)
    {
        using var process = Process.Start(new ProcessStartInfo("dotnet") { ArgumentList = { dll, contestant, baseAddress }, RedirectStandardOutput = true })
            ?? throw new InvalidOperationException("dotnet did not start");
        var line = await process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException($"{contestant} printed nothing");
        await process.WaitForExitAsync();
        return double.Parse(line.Split(' ')[0], CultureInfo.InvariantCulture);
    }

    private static async Task ServeAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            using var connection = await listener.AcceptTcpClientAsync(cancellationToken);
            var stream = connection.GetStream();
            var buffer = new byte[8192];
            var seen = 0;
            while (seen < buffer.Length && !Encoding.ASCII.GetString(buffer, 0, seen).Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer.AsMemory(seen), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                seen += read;
            }

            await stream.WriteAsync(Answer, cancellationToken);
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
