using WireMock;
using WireMock.Logging;
using WireMock.Server;
using WireMock.Settings;

namespace Tixallo.Client.IntegrationTests;

/// <summary>Starts WireMock.Net in the test process once for the whole run, on a free loopback port, and stops it at the end.</summary>
[SetUpFixture]
public sealed class WireMockFixture
{
    internal static WireMockServer Server { get; private set; } = null!;

    [OneTimeSetUp]
    public void Start() => Server = WireMockServer.Start(new WireMockServerSettings { Urls = ["http://127.0.0.1:0"] });

    [OneTimeTearDown]
    public void Stop() => Server?.Dispose();
}

/// <summary>Each test starts from the API's stubs, an empty request log and fresh scenarios.</summary>
[Category("Integration")]
[NonParallelizable]
public abstract class IntegrationTest
{
    public const string ApiKey = "tx_test_integration_key";

    internal static WireMockServer Server => WireMockFixture.Server;

    internal static Uri BaseAddress => new(new Uri(Server.Url!), "v1/");

    [SetUp]
    public void ResetWireMock()
    {
        Server.Reset();
        ApiStubs.Register(Server);
    }

    /// <summary>Every request WireMock received, oldest first.</summary>
    internal static IReadOnlyList<Received> Journal() =>
        Server.LogEntries.OrderBy(e => e.RequestMessage!.DateTime).Select(e => new Received(e)).ToList();

    /// <summary>
    /// The request log once it holds <paramref name="count"/> requests. WireMock.Net logs a request when its answer is
    /// done, so a delayed answer the client gave up on shows later; waiting for it also keeps it out of the next test.
    /// </summary>
    internal static async Task<IReadOnlyList<Received>> JournalOnceItHolds(int count)
    {
        for (var polls = 0; polls < 100 && Server.LogEntries.Count() < count; polls++)
        {
            await Task.Delay(50);
        }

        return Journal();
    }

    /// <summary>A client against WireMock with short, real waits (tens of milliseconds).</summary>
    internal static TixalloClient Client(Action<TixalloClientOptions>? configure = null)
    {
        var options = new TixalloClientOptions { ApiKey = ApiKey, BaseAddress = BaseAddress };
        FastRetries(options);
        configure?.Invoke(options);
        return new TixalloClient(options);
    }

    internal static void FastRetries(TixalloClientOptions options) =>
        options.Retry = new TixalloRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(100), UseJitter = false };
}

/// <summary>One request WireMock logged.</summary>
internal sealed class Received(ILogEntry logged)
{
    private readonly IRequestMessage _request = logged.RequestMessage!;

    public string Method => _request.Method;

    /// <summary>Path and query, e.g. <c>/v1/tickets?limit=2</c>.</summary>
    public string Url => new Uri(_request.Url).PathAndQuery;

    public string Body => _request.Body ?? string.Empty;

    public DateTime LoggedAt => _request.DateTime;

    /// <summary>A header's value (values joined by a comma), case-insensitive, or null.</summary>
    public string? Header(string name) =>
        _request.Headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value is { } values
            ? string.Join(",", values)
            : null;
}
