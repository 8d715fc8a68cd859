using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace Tixallo.Client.Redis.Tests;

/// <summary>
/// A real <c>redis-server</c> of the tests' own on a free loopback port, with a temporary directory and no persistence:
/// the suite's shared one, and one per fault test that kills, pauses or restarts it (on the same port).
/// </summary>
internal sealed class RedisProcess : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tixallo-redis-").FullName;
    private Process? _process;

    private RedisProcess(int port) => Port = port;

    public int Port { get; }

    public string Endpoint => $"127.0.0.1:{Port}";

    /// <summary>Whether a <c>redis-server</c> executable is on the PATH.</summary>
    public static bool IsInstalled() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, "redis-server")));

    /// <summary>Starts a server and returns once it answers.</summary>
    public static async Task<RedisProcess> StartAsync()
    {
        var redis = new RedisProcess(FreePort());
        await redis.RestartAsync();
        return redis;
    }

    /// <summary>A connection as an application makes one: it does not give up while the server is away.</summary>
    public Task<ConnectionMultiplexer> ConnectAsync(string settings = "") =>
        ConnectionMultiplexer.ConnectAsync(Endpoint + ",abortConnect=false,connectTimeout=500,allowAdmin=true" + settings);

    /// <summary>Starts the server (again, after <see cref="KillAsync"/>) and waits until it answers PING, for 10 s at the most.</summary>
    public async Task RestartAsync()
    {
        _process = Process.Start(new ProcessStartInfo("redis-server")
        {
            ArgumentList = { "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--dir", _directory, "--daemonize", "no", "--loglevel", "warning" },
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("redis-server did not start; install the Debian package redis-server.");
        for (var tries = 0; ; tries++)
        {
            try
            {
                await using var probe = await ConnectionMultiplexer.ConnectAsync(Endpoint + ",connectTimeout=500");
                await probe.GetDatabase().PingAsync();
                return;
            }
            catch (RedisConnectionException) when (tries < 100)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>Kills the server, as a crash would.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Directory.Delete(_directory, recursive: true);
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
