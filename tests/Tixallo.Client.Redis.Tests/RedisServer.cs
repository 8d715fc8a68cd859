using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace Tixallo.Client.Redis.Tests;

/// <summary>
/// A real <c>redis-server</c> of the tests' own, on a free loopback port, with a temporary directory and no
/// persistence; stopped at the end of the run. <c>.ci/run</c> installs the Debian package when it is missing.
/// </summary>
[SetUpFixture]
public sealed class RedisServer
{
    private static Process? _process;
    private static string? _directory;

    internal static string Endpoint { get; private set; } = string.Empty;

    internal static ConnectionMultiplexer Connection { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var port = FreePort();
        _directory = Directory.CreateTempSubdirectory("tixallo-redis-").FullName;
        _process = Process.Start(new ProcessStartInfo("redis-server")
        {
            ArgumentList = { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--dir", _directory, "--daemonize", "no", "--loglevel", "warning" },
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("redis-server did not start; install the Debian package redis-server.");
        Endpoint = $"127.0.0.1:{port}";
        for (var tries = 0; ; tries++)
        {
            try
            {
                Connection = await ConnectionMultiplexer.ConnectAsync(Endpoint + ",connectTimeout=500,allowAdmin=true");
                await Connection.GetDatabase().PingAsync();
                return;
            }
            catch (RedisConnectionException) when (tries < 50)
            {
                await Task.Delay(100);
            }
        }
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (Connection is not null)
        {
            await Connection.DisposeAsync();
        }

        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }

        _process?.Dispose();
        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
