using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Tixallo.Client.Benchmarks;

/// <summary>One way of calling the API, as a consumer writes it: four calls over the same canned answers.</summary>
public sealed record Contestant(string Name, Func<Task> Get, Func<Task> NotFound, Func<Task> Page100, Func<Task> Iterate1000)
{
    public Func<Task> Call(string call) => call switch
    {
        "get" => Get,
        "error404" => NotFound,
        "page100" => Page100,
        "iterate1000" => Iterate1000,
        _ => throw new ArgumentException($"unknown call '{call}'", nameof(call)),
    };
}

/// <summary>
/// Every contestant over one transport: the hand-written baseline first, then the SDK built with <c>new</c> and from
/// <c>AddTixalloClient</c>, a plain Polly.Core retry + timeout handler, the baseline through IHttpClientFactory,
/// Azure.Core's <c>HttpPipeline</c>, System.ClientModel's <c>ClientPipeline</c>, Refit with the standard resilience
/// handler, and the baseline with its 404 thrown from an async helper (what this harness measured before). Success
/// calls use each one's default retries; the 404 has retries off.
/// </summary>
public sealed class Contestants : IAsyncDisposable
{
    public const string TicketId = "tkt_000001";

    private readonly List<IDisposable> _disposables = [];
    private readonly List<IAsyncDisposable> _asyncDisposables = [];

    public List<Contestant> All { get; } = [];

    /// <summary>Every contestant with its reference points: over loopback to <paramref name="server"/>, or in memory when there is none.</summary>
    public static Contestants For(ServerProcess? server) => Create(
        server?.BaseAddress ?? new Uri("https://api.bench.tixallo.com/v1/"),
        server is null ? () => new InMemoryHandler() : () => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) },
        withReferencePoints: true);

    private static Contestants Create(Uri baseAddress, Func<HttpMessageHandler> primary, bool withReferencePoints)
    {
        var contestants = new Contestants();
        var raw = contestants.Own(new HttpClient(primary()) { BaseAddress = baseAddress });
        contestants.All.Add(FromBaseline("baseline", new Baseline(raw)));

        var direct = contestants.Own(new TixalloClient(Options(baseAddress, maxRetries: 4), contestants.Own(primary())));
        var directNoRetries = contestants.Own(new TixalloClient(Options(baseAddress, maxRetries: 0), contestants.Own(primary())));
        contestants.All.Add(FromSdk("new TixalloClient", direct, directNoRetries));
        if (withReferencePoints)
        {
            // The per-call forms next to their plain ones: a WithOptions view, and listings through ListPagesAsync.
            var view = direct.WithOptions(new TixalloRequestOptions { MaxRetries = 4, CorrelationId = "bench-view" });
            contestants.All.Add(FromSdk("new TixalloClient, WithOptions view", view, directNoRetries.WithOptions(new TixalloRequestOptions { CorrelationId = "bench-view" })));
            contestants.All.Add(FromSdkPages("new TixalloClient, ListPagesAsync", direct, directNoRetries));

            // An in-process limiter that never has to make anyone wait: what taking a permit per attempt costs.
            var limiter = new System.Threading.RateLimiting.TokenBucketRateLimiter(new System.Threading.RateLimiting.TokenBucketRateLimiterOptions
            {
                TokenLimit = int.MaxValue, TokensPerPeriod = int.MaxValue, ReplenishmentPeriod = TimeSpan.FromSeconds(1), QueueLimit = 0,
            });
            contestants._disposables.Add(limiter);
            var limited = Options(baseAddress, maxRetries: 4);
            limited.RateLimiter = limiter;
            var limitedNoRetries = Options(baseAddress, maxRetries: 0);
            limitedNoRetries.RateLimiter = limiter;
            contestants.All.Add(FromSdk("new TixalloClient, RateLimiter not limiting",
                contestants.Own(new TixalloClient(limited, contestants.Own(primary()))), contestants.Own(new TixalloClient(limitedNoRetries, contestants.Own(primary())))));
        }

        var injected = contestants.Injected(baseAddress, primary, maxRetries: 4);
        var injectedNoRetries = contestants.Injected(baseAddress, primary, maxRetries: 0);
        contestants.All.Add(FromSdk("AddTixalloClient", injected, injectedNoRetries));

        if (withReferencePoints)
        {
            var polly = contestants.Own(new HttpClient(new PlainPollyHandler(primary())) { BaseAddress = baseAddress });
            contestants.All.Add(FromBaseline("plain Polly.Core retry + timeout handler", new Baseline(polly)));
            contestants.All.Add(FromBaseline("baseline through IHttpClientFactory", contestants.FromFactory(baseAddress, primary)));
            contestants.All.Add(AzureCore(baseAddress, contestants.Own(new HttpClient(primary()))));
            contestants.All.Add(ClientModel(baseAddress, contestants.Own(new HttpClient(primary()))));
            contestants.All.Add(RefitContestant.Create(baseAddress, primary, contestants._asyncDisposables));
            var helper = new Baseline(contestants.Own(new HttpClient(primary()) { BaseAddress = baseAddress }));
            contestants.All.Add(FromBaseline("baseline, 404 thrown from an async helper (this harness's baseline before 2026-12-02)", helper) with
            {
                NotFound = () => Quietly(() => helper.GetTicketThrowingFromHelperAsync("tkt_missing")),
            });
        }

        return contestants;
    }

    public async ValueTask DisposeAsync()
    {
        _disposables.ForEach(d => d.Dispose());
        foreach (var disposable in _asyncDisposables)
        {
            await disposable.DisposeAsync();
        }
    }

    private static TixalloClientOptions Options(Uri baseAddress, int maxRetries) => new()
    {
        ApiKey = "tx_bench_key",
        BaseAddress = baseAddress,
        Retry = new TixalloRetryOptions { MaxRetries = maxRetries },
    };

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        _disposables.Add(disposable);
        return disposable;
    }

    /// <summary>The baseline over a named HttpClient from IHttpClientFactory: what the factory itself costs.</summary>
    private Baseline FromFactory(Uri baseAddress, Func<HttpMessageHandler> primary)
    {
        var services = new ServiceCollection();
        services.AddHttpClient("raw").ConfigurePrimaryHttpMessageHandler(primary).ConfigureHttpClient(http => http.BaseAddress = baseAddress);
        var provider = services.BuildServiceProvider();
        _asyncDisposables.Add(provider);
        return new Baseline(provider.GetRequiredService<IHttpClientFactory>().CreateClient("raw"));
    }

    private ITixalloClient Injected(Uri baseAddress, Func<HttpMessageHandler> primary, int maxRetries)
    {
        var services = new ServiceCollection();
        services.AddTixalloClient(o =>
            {
                o.ApiKey = "tx_bench_key";
                o.BaseAddress = baseAddress;
                o.Retry.MaxRetries = maxRetries;
            })
            .ConfigurePrimaryHttpMessageHandler(primary);
        var provider = services.BuildServiceProvider();
        _asyncDisposables.Add(provider);
        return provider.GetRequiredService<ITixalloClient>();
    }

    private static Contestant FromBaseline(string name, Baseline baseline) => new(
        name,
        () => baseline.GetTicketAsync(TicketId),
        () => Quietly(() => baseline.GetTicketAsync("tkt_missing")),
        () => baseline.ListPageAsync(CannedApi.PageSize, null),
        () => IterateAsync(cursor => baseline.ListPageAsync(CannedApi.PageSize, cursor)));

    private static Contestant FromSdk(string name, ITixalloClient client, ITixalloClient noRetries) => new(
        name,
        () => client.Tickets.GetAsync(TicketId),
        () => Quietly(() => noRetries.Tickets.GetAsync("tkt_missing")),
        async () =>
        {
            // One page: the enumeration stops after the first page's items.
            var count = 0;
            await foreach (var _ in client.Tickets.ListAsync(new ListTicketsOptions { Limit = CannedApi.PageSize }))
            {
                if (++count == CannedApi.PageSize)
                {
                    break;
                }
            }
        },
        async () =>
        {
            var count = 0;
            await foreach (var _ in client.Tickets.ListAsync(new ListTicketsOptions { Limit = CannedApi.PageSize }))
            {
                count++;
            }

            Expect(count);
        });

    private static Contestant FromSdkPages(string name, ITixalloClient client, ITixalloClient noRetries) => new(
        name,
        () => client.Tickets.GetAsync(TicketId),
        () => Quietly(() => noRetries.Tickets.GetAsync("tkt_missing")),
        async () =>
        {
            await foreach (var _ in client.Tickets.ListPagesAsync(new ListTicketsOptions { Limit = CannedApi.PageSize }))
            {
                break;
            }
        },
        async () =>
        {
            var count = 0;
            await foreach (var page in client.Tickets.ListPagesAsync(new ListTicketsOptions { Limit = CannedApi.PageSize }))
            {
                count += page.Items.Count;
            }

            Expect(count);
        });

    private static Contestant AzureCore(Uri baseAddress, HttpClient http)
    {
        var options = new AzureBenchOptions { Transport = new HttpClientTransport(http) };
        var pipeline = HttpPipelineBuilder.Build(options);
        var noRetries = HttpPipelineBuilder.Build(new AzureBenchOptions { Transport = new HttpClientTransport(http), Retry = { MaxRetries = 0 } });

        async Task<T> SendAsync<T>(HttpPipeline through, string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
        {
            using var message = through.CreateMessage();
            message.Request.Method = RequestMethod.Get;
            message.Request.Uri.Reset(new Uri(baseAddress, path));
            message.Request.Headers.Add("Accept", "application/json");
            await through.SendAsync(message, CancellationToken.None);
            if (message.Response.IsError)
            {
                throw new RequestFailedException(message.Response);
            }

            return JsonSerializer.Deserialize(message.Response.Content.ToMemory().Span, type)!;
        }

        return new Contestant(
            "Azure.Core 1.64 HttpPipeline",
            () => SendAsync(pipeline, "tickets/" + TicketId, BaselineJsonContext.Default.Ticket),
            () => Quietly(() => SendAsync(noRetries, "tickets/tkt_missing", BaselineJsonContext.Default.Ticket)),
            () => SendAsync(pipeline, $"tickets?limit={CannedApi.PageSize}", BaselineJsonContext.Default.BaselinePage),
            () => IterateAsync(cursor => SendAsync(pipeline, cursor is null ? $"tickets?limit={CannedApi.PageSize}" : $"tickets?limit={CannedApi.PageSize}&cursor={cursor}", BaselineJsonContext.Default.BaselinePage)));
    }

    private static Contestant ClientModel(Uri baseAddress, HttpClient http)
    {
        var pipeline = ClientPipeline.Create(new ClientPipelineOptions { Transport = new HttpClientPipelineTransport(http) });
        var noRetries = ClientPipeline.Create(new ClientPipelineOptions { Transport = new HttpClientPipelineTransport(http), RetryPolicy = new ClientRetryPolicy(maxRetries: 0) });

        async Task<T> SendAsync<T>(ClientPipeline through, string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
        {
            using var message = through.CreateMessage();
            message.Request.Method = "GET";
            message.Request.Uri = new Uri(baseAddress, path);
            message.Request.Headers.Add("Accept", "application/json");
            await through.SendAsync(message);
            var response = message.Response!;
            if (response.IsError)
            {
                throw await ClientResultException.CreateAsync(response);
            }

            return JsonSerializer.Deserialize(response.Content.ToMemory().Span, type)!;
        }

        return new Contestant(
            "System.ClientModel 1.16 ClientPipeline",
            () => SendAsync(pipeline, "tickets/" + TicketId, BaselineJsonContext.Default.Ticket),
            () => Quietly(() => SendAsync(noRetries, "tickets/tkt_missing", BaselineJsonContext.Default.Ticket)),
            () => SendAsync(pipeline, $"tickets?limit={CannedApi.PageSize}", BaselineJsonContext.Default.BaselinePage),
            () => IterateAsync(cursor => SendAsync(pipeline, cursor is null ? $"tickets?limit={CannedApi.PageSize}" : $"tickets?limit={CannedApi.PageSize}&cursor={cursor}", BaselineJsonContext.Default.BaselinePage)));
    }

    /// <summary>Reads every page by hand, as code without an SDK does, and checks that all 1,000 tickets came.</summary>
    internal static async Task IterateAsync(Func<string?, Task<BaselinePage>> pageAfter)
    {
        string? cursor = null;
        var count = 0;
        do
        {
            var page = await pageAfter(cursor);
            count += page.Data.Count;
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        Expect(count);
    }

    /// <summary>Runs a call whose expected API error is part of the measured work.</summary>
    internal static async Task Quietly(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (Exception e) when (e is BaselineApiException or TixalloApiException or RequestFailedException or ClientResultException or Refit.ApiException)
        {
        }
    }

    private static void Expect(int count)
    {
        if (count != CannedApi.PageSize * CannedApi.Pages)
        {
            throw new InvalidOperationException($"iterated {count} items");
        }
    }

    private sealed class AzureBenchOptions : ClientOptions;
}
