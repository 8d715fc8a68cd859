using StackExchange.Redis;

namespace Tixallo.Client.Redis.Tests;

/// <summary>
/// The suite's shared <c>redis-server</c> (<see cref="RedisProcess"/>), started once and stopped at the end of the run.
/// Without <c>redis-server</c> on the PATH every Redis test is reported as skipped with the install hint, never as
/// passed; under CI (<c>CI</c> set) they fail instead. <c>bash .ci/test</c> installs the Debian package when it is missing.
/// </summary>
[SetUpFixture]
public sealed class RedisServer
{
    private static RedisProcess? _process;

    internal static string Endpoint => _process?.Endpoint ?? string.Empty;

    internal static ConnectionMultiplexer Connection { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        if (!RedisProcess.IsInstalled())
        {
            const string hint = "redis-server is not on the PATH: install it (sudo apt-get install redis-server) or run bash .ci/test, which installs it and runs every test.";
            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
            {
                Assert.Fail(hint);
            }

            Assert.Ignore(hint);
        }

        _process = await RedisProcess.StartAsync();
        Connection = await ConnectionMultiplexer.ConnectAsync(Endpoint + ",connectTimeout=500,allowAdmin=true");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (Connection is not null)
        {
            await Connection.DisposeAsync();
        }

        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }

    internal static int FreePort() => RedisProcess.FreePort();
}
