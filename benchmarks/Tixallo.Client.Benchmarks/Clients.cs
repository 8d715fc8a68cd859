using Microsoft.Extensions.DependencyInjection;

namespace Tixallo.Client.Benchmarks;

public enum Transport
{
    InMemory,
    Loopback,
}

/// <summary>The three contestants over one transport: the hand-written baseline, the SDK built with new, the SDK from DI.</summary>
public sealed class Clients : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly List<IDisposable> _disposables = [];

    public Baseline Baseline { get; private set; } = null!;

    public ITixalloClient New { get; private set; } = null!;

    public ITixalloClient Injected { get; private set; } = null!;

    public static async Task<Clients> CreateAsync(Transport transport, int maxRetries)
    {
        var clients = new Clients();
        Uri baseAddress;
        Func<HttpMessageHandler> primary;
        if (transport == Transport.Loopback)
        {
            var server = await LoopbackServer.StartAsync();
            clients._owned.Add(server);
            baseAddress = server.BaseAddress;
            primary = () => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) };
        }
        else
        {
            baseAddress = new Uri("https://api.bench.tixallo.com/v1/");
            primary = () => new InMemoryHandler();
        }

        var raw = new HttpClient(primary()) { BaseAddress = baseAddress };
        clients._disposables.Add(raw);
        clients.Baseline = new Baseline(raw);

        void Configure(TixalloClientOptions o)
        {
            o.ApiKey = "tx_bench_key";
            o.BaseAddress = baseAddress;
            o.Retry.MaxRetries = maxRetries;
        }

        var options = new TixalloClientOptions();
        Configure(options);
        TixalloClient direct;
        if (transport == Transport.Loopback)
        {
            direct = new TixalloClient(options);
        }
        else
        {
            var handler = primary();
            clients._disposables.Add(handler);
            direct = new TixalloClient(options, handler);
        }

        clients._disposables.Add(direct);
        clients.New = direct;

        var services = new ServiceCollection();
        services.AddTixalloClient(Configure).ConfigurePrimaryHttpMessageHandler(primary);
        var provider = services.BuildServiceProvider();
        clients._owned.Add(provider);
        clients.Injected = provider.GetRequiredService<ITixalloClient>();
        return clients;
    }

    public async ValueTask DisposeAsync()
    {
        _disposables.ForEach(d => d.Dispose());
        foreach (var owned in _owned)
        {
            await owned.DisposeAsync();
        }
    }
}
