using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Tixallo.Client.Benchmarks;

/// <summary>
/// Each call three ways in one run: the raw HttpClient baseline, the SDK built with <c>new</c>, and the SDK from
/// <c>AddTixalloClient</c>; over an in-memory handler (pure client overhead) and loopback Kestrel (real sockets).
/// Success paths use the SDK's default pipeline (retries on); error paths have retries off.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)]
[CategoriesColumn]
public class ClientBenchmarks
{
    private const string TicketId = "tkt_000001";

    private static readonly CreateTicketRequest NewTicket = new()
    {
        Subject = "Printer on the third floor is on fire again",
        CustomerEmail = "ada.lovelace@example.com",
        Priority = TicketPriority.High,
        Tags = ["hardware", "printer"],
    };

    private Clients _clients = null!;
    private Clients _noRetries = null!;

    /// <summary>Both transports, or those named in TIXALLO_BENCH_TRANSPORTS (e.g. <c>InMemory</c>).</summary>
    public static IEnumerable<Transport> Transports =>
        Environment.GetEnvironmentVariable("TIXALLO_BENCH_TRANSPORTS") is { Length: > 0 } names
            ? names.Split(',').Select(Enum.Parse<Transport>)
            : [Transport.InMemory, Transport.Loopback];

    [ParamsSource(nameof(Transports))]
    public Transport Transport { get; set; }

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        _clients = await Clients.CreateAsync(Transport, maxRetries: 4);
        _noRetries = await Clients.CreateAsync(Transport, maxRetries: 0);
    }

    [GlobalCleanup]
    public async Task CleanUpAsync()
    {
        await _clients.DisposeAsync();
        await _noRetries.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "baseline"), BenchmarkCategory("GetTicket")]
    public Task<Ticket> GetTicket_Baseline() => _clients.Baseline.GetTicketAsync(TicketId);

    [Benchmark(Description = "new TixalloClient"), BenchmarkCategory("GetTicket")]
    public Task<Ticket> GetTicket_New() => _clients.New.Tickets.GetAsync(TicketId);

    [Benchmark(Description = "AddTixalloClient"), BenchmarkCategory("GetTicket")]
    public Task<Ticket> GetTicket_Injected() => _clients.Injected.Tickets.GetAsync(TicketId);

    [Benchmark(Baseline = true, Description = "baseline"), BenchmarkCategory("CreateTicket")]
    public Task<Ticket> CreateTicket_Baseline() => _clients.Baseline.CreateTicketAsync(NewTicket);

    [Benchmark(Description = "new TixalloClient"), BenchmarkCategory("CreateTicket")]
    public Task<Ticket> CreateTicket_New() => _clients.New.Tickets.CreateAsync(NewTicket);

    [Benchmark(Description = "AddTixalloClient"), BenchmarkCategory("CreateTicket")]
    public Task<Ticket> CreateTicket_Injected() => _clients.Injected.Tickets.CreateAsync(NewTicket);

    [Benchmark(Baseline = true, Description = "baseline"), BenchmarkCategory("ListPageOf100")]
    public async Task<int> ListPage_Baseline() => (await _clients.Baseline.ListPageAsync(CannedApi.PageSize, null)).Data.Count;

    [Benchmark(Description = "new TixalloClient"), BenchmarkCategory("ListPageOf100")]
    public Task<int> ListPage_New() => FirstPageAsync(_clients.New);

    [Benchmark(Description = "AddTixalloClient"), BenchmarkCategory("ListPageOf100")]
    public Task<int> ListPage_Injected() => FirstPageAsync(_clients.Injected);

    [Benchmark(Baseline = true, Description = "baseline"), BenchmarkCategory("Iterate1000Over10Pages")]
    public async Task<int> Iterate_Baseline()
    {
        var count = 0;
        string? cursor = null;
        do
        {
            var page = await _clients.Baseline.ListPageAsync(CannedApi.PageSize, cursor);
            count += page.Data.Count;
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return count;
    }

    [Benchmark(Description = "new TixalloClient"), BenchmarkCategory("Iterate1000Over10Pages")]
    public Task<int> Iterate_New() => CountAllAsync(_clients.New);

    [Benchmark(Description = "AddTixalloClient"), BenchmarkCategory("Iterate1000Over10Pages")]
    public Task<int> Iterate_Injected() => CountAllAsync(_clients.Injected);

    [Benchmark(Baseline = true, Description = "baseline"), BenchmarkCategory("Error404")]
    public Task<int> NotFound_Baseline() => BaselineErrorAsync("tkt_missing");

    [Benchmark(Description = "new TixalloClient"), BenchmarkCategory("Error404")]
    public Task<int> NotFound_New() => SdkErrorAsync(_noRetries.New, "tkt_missing");

    [Benchmark(Description = "AddTixalloClient"), BenchmarkCategory("Error404")]
    public Task<int> NotFound_Injected() => SdkErrorAsync(_noRetries.Injected, "tkt_missing");

    [Benchmark(Baseline = true, Description = "baseline"), BenchmarkCategory("Error429")]
    public Task<int> RateLimited_Baseline() => BaselineErrorAsync("tkt_limited");

    [Benchmark(Description = "new TixalloClient"), BenchmarkCategory("Error429")]
    public Task<int> RateLimited_New() => SdkErrorAsync(_noRetries.New, "tkt_limited");

    [Benchmark(Description = "AddTixalloClient"), BenchmarkCategory("Error429")]
    public Task<int> RateLimited_Injected() => SdkErrorAsync(_noRetries.Injected, "tkt_limited");

    private static async Task<int> FirstPageAsync(ITixalloClient client)
    {
        var count = 0;
        await foreach (var _ in client.Tickets.ListAsync(new ListTicketsOptions { Limit = CannedApi.PageSize }))
        {
            if (++count == CannedApi.PageSize)
            {
                break;
            }
        }

        return count;
    }

    private static async Task<int> CountAllAsync(ITixalloClient client)
    {
        var count = 0;
        await foreach (var _ in client.Tickets.ListAsync(new ListTicketsOptions { Limit = CannedApi.PageSize }))
        {
            count++;
        }

        return count;
    }

    private async Task<int> BaselineErrorAsync(string id)
    {
        try
        {
            await _noRetries.Baseline.GetTicketAsync(id);
            return 0;
        }
        catch (BaselineApiException e)
        {
            return e.Status;
        }
    }

    private static async Task<int> SdkErrorAsync(ITixalloClient client, string id)
    {
        try
        {
            await client.Tickets.GetAsync(id);
            return 0;
        }
        catch (TixalloApiException e)
        {
            return (int)e.StatusCode;
        }
    }
}
