using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Tixallo.Client.Testing.Store;

namespace Tixallo.Client.Testing;

/// <summary>
/// An in-process fake of the Tixallo API on 127.0.0.1: the whole wire contract in memory, per-workspace data,
/// API keys that can be revoked, the 60-per-minute rate limit, the three error shapes, and fault injection.
/// Point a <see cref="TixalloClient"/> at <see cref="BaseAddress"/> with a key from <see cref="CreateApiKey"/>.
/// </summary>
/// <example>
/// <code>
/// await using var server = await TixalloFakeServer.StartAsync();
/// using var client = new TixalloClient(new TixalloClientOptions { ApiKey = server.CreateApiKey(), BaseAddress = server.BaseAddress });
/// </code>
/// </example>
public sealed class TixalloFakeServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly FakeSettings _settings;
    private readonly FaultQueue _faults;
    private readonly ApiKeys _keys;

    private TixalloFakeServer(WebApplication app, FakeSettings settings, FaultQueue faults, ApiKeys keys, Uri baseAddress)
    {
        _app = app;
        _settings = settings;
        _faults = faults;
        _keys = keys;
        BaseAddress = baseAddress;
    }

    /// <summary>The API's base address on this server, e.g. <c>http://127.0.0.1:54321/v1/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The error body shape the server answers with; switch it while the server runs.</summary>
    public TixalloErrorShape ErrorShape
    {
        get => _settings.ErrorShape;
        set => _settings.ErrorShape = value;
    }

    /// <summary>Requests per minute per API key before 429; change it while the server runs.</summary>
    public int RateLimitPerMinute
    {
        get => _settings.RateLimitPerMinute;
        set => _settings.RateLimitPerMinute = value;
    }

    /// <summary>Starts a server on a free loopback port (or <see cref="TixalloFakeServerOptions.Port"/>).</summary>
    /// <param name="options">The settings, or null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server; dispose it to stop it.</returns>
    public static async Task<TixalloFakeServer> StartAsync(TixalloFakeServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new TixalloFakeServerOptions();
        var settings = new FakeSettings(options);
        var faults = new FaultQueue();
        var keys = new ApiKeys();
        var api = new FakeApi(new FakeStore(options.TimeProvider), faults, settings, keys, options.TimeProvider);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
        var app = builder.Build();
        app.Run(api.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new TixalloFakeServer(app, settings, faults, keys, new Uri(address.TrimEnd('/') + "/v1/"));
    }

    /// <summary>Creates an API key for a workspace. Keys of different workspaces see different data.</summary>
    /// <param name="workspaceId">The workspace, <c>ws_default</c> by default.</param>
    /// <returns>The new key.</returns>
    public string CreateApiKey(string workspaceId = "ws_default")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workspaceId);
        return _keys.Create(workspaceId);
    }

    /// <summary>Revokes a key: from now on it answers 401.</summary>
    /// <param name="apiKey">The key.</param>
    public void RevokeApiKey(string apiKey) => _keys.Revoke(apiKey);

    /// <summary>Makes the next <paramref name="times"/> matching requests fail with <paramref name="fault"/>.</summary>
    /// <param name="fault">What to do instead of answering normally.</param>
    /// <param name="times">For how many requests. Default 1.</param>
    /// <param name="pathPrefix">Only requests whose path below <c>/v1/</c> starts with this (e.g. <c>tickets</c>); all when null.</param>
    public void InjectFault(TixalloFault fault, int times = 1, string? pathPrefix = null)
    {
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);
        _faults.Add(fault, times, pathPrefix);
    }

    /// <summary>Drops every fault still waiting.</summary>
    public void ClearFaults() => _faults.Clear();

    /// <summary>Stops the server.</summary>
    /// <returns>A task that completes when the server has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override string ToString() => $"TixalloFakeServer {{ BaseAddress = {BaseAddress} }}";
}
