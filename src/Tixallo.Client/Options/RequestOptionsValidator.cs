namespace Tixallo.Client.Options;

/// <summary>Checks <see cref="TixalloRequestOptions"/> when a view is made; every failure names the setting.</summary>
internal static class RequestOptionsValidator
{
    private static readonly HashSet<string> RefusedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "x-correlation-id",
        "Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Host",
    };

    public static void ThrowIfInvalid(TixalloRequestOptions options, string paramName)
    {
        ArgumentNullException.ThrowIfNull(options, paramName);
        var failures = new List<string>();
        CheckTimeout(failures, options.TotalTimeout, nameof(options.TotalTimeout));
        CheckTimeout(failures, options.AttemptTimeout, nameof(options.AttemptTimeout));
        if (options.AttemptTimeout > options.TotalTimeout)
        {
            failures.Add("AttemptTimeout cannot be longer than TotalTimeout (TixalloRequestOptions.AttemptTimeout).");
        }

        if (options.MaxRetries is < 0 or > TixalloRetryOptions.MaxRetriesLimit)
        {
            failures.Add($"MaxRetries must be between 0 and {TixalloRetryOptions.MaxRetriesLimit} (TixalloRequestOptions.MaxRetries).");
        }

        if (options.CorrelationId is { } correlationId && !Http.CorrelationIds.IsValid(correlationId))
        {
            failures.Add($"CorrelationId must be 1 to {Http.CorrelationIds.MaxLength} visible ASCII characters (TixalloRequestOptions.CorrelationId).");
        }

        using var probe = new HttpRequestMessage();
        foreach (var (name, value) in options.Headers ?? new Dictionary<string, string>())
        {
            if (RefusedHeaders.Contains(name ?? string.Empty))
            {
                failures.Add($"The header '{name}' cannot be set per call (TixalloRequestOptions.Headers).");
            }
            else if (value is null || value.Any(c => c is < ' ' and not '\t' or '\u007f') || !probe.Headers.TryAddWithoutValidation(name!, value))
            {
                // TryAddWithoutValidation refuses names that are not tokens and content headers (Content-Type belongs to a body).
                failures.Add($"The header '{name}' is not a request header name with a value that can be sent (TixalloRequestOptions.Headers).");
            }
        }

        if (failures.Count > 0)
        {
            throw new ArgumentException("Invalid Tixallo request options: " + string.Join(" ", failures), paramName);
        }
    }

    private static void CheckTimeout(List<string> failures, TimeSpan? value, string name)
    {
        if (value is { } timeout && !TixalloClientOptionsValidator.IsTimeoutInRange(timeout))
        {
            failures.Add($"{name} must be between 10 ms and 24 hours (TixalloRequestOptions.{name}).");
        }
    }
}
