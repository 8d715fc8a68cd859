using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace Tixallo.Client.NetFramework.Tests.Support;

/// <summary>
/// tixallo-fake, the standalone fake API, as a process of its own on loopback: started with <c>dotnet</c>, read
/// for its three lines (base address, key, control address), told what to do through its control API, and stopped
/// by closing its standard input (<c>--exit-with-stdin</c>), so a test run that dies takes it along.
/// </summary>
internal sealed class FakeServerProcess : IDisposable
{
    // Mono and a first .NET start are slow on a busy machine: generous, and only a bound, never a wait.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly HttpClient _control;

    private FakeServerProcess(Process process, Uri baseAddress, string apiKey, Uri controlAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        ApiKey = apiKey;
        _control = new HttpClient { BaseAddress = controlAddress };
    }

    public Uri BaseAddress { get; }

    public string ApiKey { get; }

    public static async Task<FakeServerProcess> StartAsync(params string[] arguments)
    {
        var path = typeof(FakeServerProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "FakeServerPath").Value!;
        Assert.That(File.Exists(path), Is.True, $"tixallo-fake is not built at {path}");
        var start = new ProcessStartInfo("dotnet", $"\"{path}\" --exit-with-stdin {string.Join(" ", arguments)}")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start)!;
        var lines = new Dictionary<string, string>();
        var reading = ReadAddressesAsync(process.StandardOutput, lines);
        if (await Task.WhenAny(reading, Task.Delay(StartTimeout)) != reading || !await reading)
        {
            process.Kill();
            Assert.Fail($"tixallo-fake did not print its addresses within {StartTimeout}: {await process.StandardError.ReadToEndAsync()}");
        }

        return new FakeServerProcess(process, new Uri(lines["base-address"]), lines["api-key"], new Uri(lines["control-address"]));
    }

    public TixalloClient CreateClient(Action<TixalloClientOptions>? configure = null, string? apiKey = null)
    {
        var options = new TixalloClientOptions
        {
            ApiKey = apiKey ?? ApiKey,
            BaseAddress = BaseAddress,
            Retry = { BaseDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(100) },
        };
        configure?.Invoke(options);
        return new TixalloClient(options);
    }

    /// <summary>The next matching request fails as <paramref name="faultJson"/> says (the control API's <c>POST /faults</c>).</summary>
    public Task InjectAsync(string faultJson) => SendAsync(HttpMethod.Post, "faults", faultJson);

    public Task ClearFaultsAsync() => SendAsync(HttpMethod.Delete, "faults", null);

    public Task SettingsAsync(string settingsJson) => SendAsync(HttpMethod.Post, "settings", settingsJson);

    /// <summary>A key of a workspace of its own: a test that lists sees only what it made.</summary>
    public async Task<string> CreateKeyAsync(string workspace)
    {
        var answer = await SendAsync(HttpMethod.Post, "keys", $"{{\"workspace\":\"{workspace}\"}}");
        using var json = System.Text.Json.JsonDocument.Parse(answer);
        return json.RootElement.GetProperty("apiKey").GetString()!;
    }

    public Task RevokeKeyAsync(string apiKey) => SendAsync(HttpMethod.Post, "keys/revoke", $"{{\"apiKey\":\"{apiKey}\"}}");

    public void Dispose()
    {
        _control.Dispose();
        _process.StandardInput.Close();
        if (!_process.WaitForExit(10_000))
        {
            _process.Kill();
        }

        _process.Dispose();
    }

    private static async Task<bool> ReadAddressesAsync(StreamReader output, Dictionary<string, string> lines)
    {
        while (lines.Count < 3 && await output.ReadLineAsync() is { } line)
        {
            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            if (colon > 0)
            {
                lines[line.Substring(0, colon)] = line.Substring(colon + 2);
            }
        }

        return lines.ContainsKey("base-address") && lines.ContainsKey("api-key") && lines.ContainsKey("control-address");
    }

    private async Task<string> SendAsync(HttpMethod method, string path, string? json)
    {
        using var request = new HttpRequestMessage(method, path) { Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json") };
        using var response = await _control.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, $"control {method} {path}: {(int)response.StatusCode} {body}");
        return body;
    }
}
