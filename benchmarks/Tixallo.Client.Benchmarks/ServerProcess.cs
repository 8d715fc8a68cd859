using System.Diagnostics;

namespace Tixallo.Client.Benchmarks;

/// <summary>
/// The canned loopback server in a process of its own (this program with <c>--serve</c>), so that what is timed on
/// loopback is the client, not a server sharing the client's threads and GC.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>A server for a loopback run; none for an in-memory one.</summary>
    public static async Task<ServerProcess?> StartForAsync(Transport transport) =>
        transport == Transport.Loopback ? await StartAsync() : null;

    public static async Task<ServerProcess> StartAsync()
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(ServerProcess).Assembly.Location);
        }

        start.ArgumentList.Add("--serve");
        var process = Process.Start(start) ?? throw new InvalidOperationException("the server process did not start");
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return line?.StartsWith("listening ", StringComparison.Ordinal) == true
            ? new ServerProcess(process, new Uri(line["listening ".Length..]))
            : throw new InvalidOperationException($"the server process said '{line}'");
    }

    /// <summary>The <c>--serve</c> side: serves until its standard input closes.</summary>
    public static async Task ServeAsync()
    {
        await using var server = await LoopbackServer.StartAsync();
        Console.WriteLine($"listening {server.BaseAddress}");
        await Console.In.ReadToEndAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        if (!_process.WaitForExit(TimeSpan.FromSeconds(10)))
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
