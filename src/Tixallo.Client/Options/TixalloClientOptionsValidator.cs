using System.Net;
using Microsoft.Extensions.Options;

namespace Tixallo.Client.Options;

/// <summary>
/// Checks <see cref="TixalloClientOptions"/> for both ways of building a client (<c>new</c> throws, DI fails at
/// start-up); every failure names the setting. Besides each setting's range it checks the rules between settings.
/// </summary>
internal sealed class TixalloClientOptionsValidator : IValidateOptions<TixalloClientOptions>
{
    /// <summary>The largest <see cref="TixalloClientOptions.MaxResponseContentBytes"/>: 1 GiB, the largest buffer the shared array pool keeps.</summary>
    public const long MaxResponseContentBytesLimit = 1L << 30;

    /// <summary>The smallest <see cref="TixalloClientOptions.MaxResponseContentBytes"/>: 1 KiB, below which no ticket fits.</summary>
    public const long MinResponseContentBytes = 1024;

    // 10 ms to 24 h, the range Polly's timeout strategy accepts: a timer shorter is noise, one longer is a hung call.
    internal static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(10);
    internal static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(24);
    internal static readonly TimeSpan MinBaseDelay = TimeSpan.FromMilliseconds(1);

    public ValidateOptionsResult Validate(string? name, TixalloClientOptions options)
    {
        var failures = Failures(options);
        if (failures.Count == 0)
        {
            return ValidateOptionsResult.Success;
        }

        // A named client's failures say which client they are about.
        return ValidateOptionsResult.Fail(string.IsNullOrEmpty(name) ? failures : failures.Select(failure => $"Tixallo client '{name}': {failure}"));
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming <paramref name="paramName"/> when the options are not usable.</summary>
    public static void ThrowIfInvalid(TixalloClientOptions options, string paramName)
    {
        ArgumentNullException.ThrowIfNull(options, paramName);
        var failures = Failures(options);
        if (failures.Count > 0)
        {
            throw new ArgumentException("Invalid Tixallo client options: " + string.Join(" ", failures), paramName);
        }
    }

    public static List<string> Failures(TixalloClientOptions options)
    {
        var failures = new List<string>();
        if (options.Credential is not null)
        {
            if (options.ApiKey is not null)
            {
                failures.Add("Tixallo:ApiKey and Credential are both set: set one (TixalloClientOptions.ApiKey, TixalloClientOptions.Credential).");
            }
        }
        else if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            failures.Add("Tixallo:ApiKey is required (TixalloClientOptions.ApiKey, or TixalloClientOptions.Credential).");
        }
        else if (!TixalloApiKeyCredential.IsSendable(options.ApiKey))
        {
            failures.Add("Tixallo:ApiKey holds characters that cannot be sent in a header (TixalloClientOptions.ApiKey).");
        }

        CheckBaseAddress(failures, options.BaseAddress);
        CheckTimeout(failures, options.AttemptTimeout, "AttemptTimeout");
        CheckTimeout(failures, options.TotalTimeout, "TotalTimeout");
        if (options.AttemptTimeout > options.TotalTimeout)
        {
            failures.Add("Tixallo:AttemptTimeout cannot be longer than TotalTimeout (TixalloClientOptions.AttemptTimeout).");
        }

        if (options.MaxResponseContentBytes is < MinResponseContentBytes or > MaxResponseContentBytesLimit)
        {
            failures.Add($"Tixallo:MaxResponseContentBytes must be between {MinResponseContentBytes} and {MaxResponseContentBytesLimit} (TixalloClientOptions.MaxResponseContentBytes).");
        }

        if (options.TimeProvider is null)
        {
            failures.Add("Tixallo:TimeProvider cannot be null (TixalloClientOptions.TimeProvider).");
        }

        if (options.Retry is not { } retry)
        {
            failures.Add("Tixallo:Retry cannot be null (TixalloClientOptions.Retry).");
            return failures;
        }

        if (retry.MaxRetries is < 0 or > TixalloRetryOptions.MaxRetriesLimit)
        {
            failures.Add($"Tixallo:Retry:MaxRetries must be between 0 and {TixalloRetryOptions.MaxRetriesLimit} (TixalloRetryOptions.MaxRetries).");
        }

        if (retry.BaseDelay < MinBaseDelay || retry.BaseDelay > MaxTimeout)
        {
            failures.Add("Tixallo:Retry:BaseDelay must be between 1 ms and 24 hours (TixalloRetryOptions.BaseDelay).");
        }

        if (retry.MaxDelay < retry.BaseDelay || retry.MaxDelay > MaxTimeout)
        {
            failures.Add("Tixallo:Retry:MaxDelay must be between BaseDelay and 24 hours (TixalloRetryOptions.MaxDelay).");
        }

        if (retry.MaxRetryAfter < TimeSpan.Zero || retry.MaxRetryAfter > MaxTimeout)
        {
            failures.Add("Tixallo:Retry:MaxRetryAfter must be between 0 and 24 hours (TixalloRetryOptions.MaxRetryAfter).");
        }

        return failures;
    }

    private static void CheckBaseAddress(List<string> failures, Uri? address)
    {
        const string setting = "(TixalloClientOptions.BaseAddress)";
        if (address is null || !address.IsAbsoluteUri)
        {
            failures.Add($"Tixallo:BaseAddress must be an absolute URI such as https://api.tixallo.com/v1/ {setting}.");
            return;
        }

        if (address.Scheme != Uri.UriSchemeHttps && !(address.Scheme == Uri.UriSchemeHttp && IsLoopback(address)))
        {
            failures.Add($"Tixallo:BaseAddress must use https; plain http is allowed only to a loopback host, not '{address.Host}' {setting}.");
        }

        if (address.UserInfo.Length > 0)
        {
            failures.Add($"Tixallo:BaseAddress cannot hold user information (user:password@): the API key is the only credential {setting}.");
        }

        if (address.Query.Length > 0 || address.Fragment.Length > 0)
        {
            failures.Add($"Tixallo:BaseAddress cannot have a query or a fragment: every path is appended to it {setting}.");
        }
    }

    /// <summary>True for a timeout in range: 10 ms to 24 hours.</summary>
    internal static bool IsTimeoutInRange(TimeSpan value) => value >= MinTimeout && value <= MaxTimeout;

    private static void CheckTimeout(List<string> failures, TimeSpan value, string name)
    {
        if (!IsTimeoutInRange(value))
        {
            failures.Add($"Tixallo:{name} must be between 10 ms and 24 hours (TixalloClientOptions.{name}).");
        }
    }

    private static bool IsLoopback(Uri address) =>
        address.IsLoopback || (IPAddress.TryParse(address.Host, out var ip) && IPAddress.IsLoopback(ip));
}
