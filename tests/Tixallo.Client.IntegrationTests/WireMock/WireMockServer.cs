using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace Tixallo.Client.IntegrationTests.WireMock;

/// <summary>The real WireMock (standalone jar) as a child process on a free loopback port.</summary>
internal sealed class WireMockServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;

    private WireMockServer(Process process, Uri address)
    {
        _process = process;
        Address = address;
        Admin = new WireMockAdmin(address);
    }

    public Uri Address { get; }

    public WireMockAdmin Admin { get; }

    public static async Task<WireMockServer> StartAsync()
    {
        var jar = Metadata("WireMockJar");
        if (!File.Exists(jar))
        {
            throw new InvalidOperationException(
                $"The WireMock jar is missing at {jar}. Build the integration tests (their build runs 'npm ci' in tests/wiremock; Node.js and npm must be installed), or run 'npm ci' there yourself.");
        }

        var java = FindJava() ?? throw new InvalidOperationException(
            "Java 17 or later is needed to run WireMock, and no 'java' was found on PATH or in JAVA_HOME. Install it, e.g. 'apt-get install openjdk-17-jre-headless'.");

        var port = FreePort();
        var start = new ProcessStartInfo(java)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-jar", jar, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind-address", "127.0.0.1", "--disable-banner", "--root-dir", Metadata("WireMockRootDir"), "--async-response-enabled", "true" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("java did not start.");
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => output.AppendLine(e.Data);
        process.ErrorDataReceived += (_, e) => output.AppendLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new WireMockServer(process, new Uri($"http://127.0.0.1:{port}/"));
        var deadline = Stopwatch.StartNew();
        while (!await server.Admin.IsHealthyAsync())
        {
            if (process.HasExited || deadline.Elapsed > StartTimeout)
            {
                await server.DisposeAsync();
                throw new InvalidOperationException($"WireMock did not become healthy within {StartTimeout.TotalSeconds} s (exit code {(process.HasExited ? process.ExitCode : "none")}). Its output:\n{output}");
            }

            await Task.Delay(100);
        }

        return server;
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static string Metadata(string key) =>
        typeof(WireMockServer).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    private static string? FindJava()
    {
        var home = Environment.GetEnvironmentVariable("JAVA_HOME");
        var candidates = new List<string>();
        if (!string.IsNullOrEmpty(home))
        {
            candidates.Add(Path.Combine(home, "bin", "java"));
        }

        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, OperatingSystem.IsWindows() ? "java.exe" : "java")));
        return candidates.FirstOrDefault(File.Exists);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
