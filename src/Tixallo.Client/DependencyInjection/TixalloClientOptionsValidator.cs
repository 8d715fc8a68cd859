using System.Net;
using Microsoft.Extensions.Options;

namespace Tixallo.Client;

/// <summary>Checks <see cref="TixalloClientOptions"/>; every failure names the setting.</summary>
internal sealed class TixalloClientOptionsValidator : IValidateOptions<TixalloClientOptions>
{
    // Polly's timeout strategy accepts 10 ms to 24 h.
    private static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(24);

    public ValidateOptionsResult Validate(string? name, TixalloClientOptions options)
    {
        var failures = Failures(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
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
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            failures.Add("Tixallo:ApiKey is required (TixalloClientOptions.ApiKey).");
        }
        else if (options.ApiKey.Any(c => c is < ' ' or > '~'))
        {
            failures.Add("Tixallo:ApiKey holds characters that cannot be sent in a header (TixalloClientOptions.ApiKey).");
        }

        if (options.BaseAddress is null || !options.BaseAddress.IsAbsoluteUri)
        {
            failures.Add("Tixallo:BaseAddress must be an absolute URI such as https://api.tixallo.com/v1/ (TixalloClientOptions.BaseAddress).");
        }
        else if (options.BaseAddress.Scheme != Uri.UriSchemeHttps
            && !(options.BaseAddress.Scheme == Uri.UriSchemeHttp && IsLoopback(options.BaseAddress)))
        {
            failures.Add($"Tixallo:BaseAddress must use https; plain http is allowed only to a loopback host, not '{options.BaseAddress.Host}' (TixalloClientOptions.BaseAddress).");
        }

        CheckTimeout(failures, options.AttemptTimeout, "AttemptTimeout");
        CheckTimeout(failures, options.TotalTimeout, "TotalTimeout");
        if (options.TimeProvider is null)
        {
            failures.Add("Tixallo:TimeProvider cannot be null (TixalloClientOptions.TimeProvider).");
        }

        var retry = options.Retry;
        if (retry is null)
        {
            failures.Add("Tixallo:Retry cannot be null (TixalloClientOptions.Retry).");
            return failures;
        }

        if (retry.MaxRetries < 0)
        {
            failures.Add("Tixallo:Retry:MaxRetries cannot be negative (TixalloRetryOptions.MaxRetries).");
        }

        if (retry.BaseDelay < TimeSpan.Zero || retry.BaseDelay > MaxTimeout)
        {
            failures.Add("Tixallo:Retry:BaseDelay must be between 0 and 24 hours (TixalloRetryOptions.BaseDelay).");
        }

        if (retry.MaxDelay < retry.BaseDelay)
        {
            failures.Add("Tixallo:Retry:MaxDelay cannot be shorter than BaseDelay (TixalloRetryOptions.MaxDelay).");
        }

        if (retry.MaxRetryAfter < TimeSpan.Zero)
        {
            failures.Add("Tixallo:Retry:MaxRetryAfter cannot be negative (TixalloRetryOptions.MaxRetryAfter).");
        }

        return failures;
    }

    private static void CheckTimeout(List<string> failures, TimeSpan value, string name)
    {
        if (value < MinTimeout || value > MaxTimeout)
        {
            failures.Add($"Tixallo:{name} must be between 10 ms and 24 hours (TixalloClientOptions.{name}).");
        }
    }

    private static bool IsLoopback(Uri address) =>
        address.IsLoopback || (IPAddress.TryParse(address.Host, out var ip) && IPAddress.IsLoopback(ip));
}
