namespace Tixallo.Client.Tests.Support;

/// <summary>Builds clients over a <see cref="StubHandler"/> with the settings most tests want.</summary>
internal static class TestClients
{
    public const string ApiKey = "tx_test_s3cr3t_key_do_not_log";

    public static readonly Uri BaseAddress = new("https://api.test.tixallo.com/v1/");

    public static TixalloClientOptions Options(TestClock? clock = null, Action<TixalloClientOptions>? configure = null)
    {
        var options = new TixalloClientOptions
        {
            ApiKey = ApiKey,
            BaseAddress = BaseAddress,
            TimeProvider = clock ?? new TestClock(),
            Retry = new TixalloRetryOptions { UseJitter = false },
        };
        configure?.Invoke(options);
        return options;
    }

    public static TixalloClient Create(StubHandler stub, TestClock? clock = null, Action<TixalloClientOptions>? configure = null) =>
        new(Options(clock, configure), stub);
}
