using Tixallo.Client.Http;

namespace Tixallo.Client.Errors;

/// <summary>
/// Tells which limit a 429 came from: the localised key or envelope code when it names one (attachment upload or
/// download, IP or global, the key's rate limit), else the legacy <c>window_seconds</c> (60 s is the key's minute, 15
/// minutes the IP's, an hour an attachment limit of the budget the call spends).
/// </summary>
internal static class RateLimitScopes
{
    public static TixalloRateLimitScope Of(string? key, string? code, TimeSpan? window, RateBudget budget)
    {
        var name = key ?? code ?? string.Empty;
        if (name.Contains("attachmentUpload", StringComparison.OrdinalIgnoreCase) || name.Contains("attachment_upload", StringComparison.OrdinalIgnoreCase))
        {
            return TixalloRateLimitScope.AttachmentUpload;
        }

        if (name.Contains("attachmentDownload", StringComparison.OrdinalIgnoreCase) || name.Contains("attachment_download", StringComparison.OrdinalIgnoreCase))
        {
            return TixalloRateLimitScope.AttachmentDownload;
        }

        if (name.Contains("ipRateLimit", StringComparison.OrdinalIgnoreCase) || name.Contains("ip_rate_limit", StringComparison.OrdinalIgnoreCase)
            || name.Contains("global", StringComparison.OrdinalIgnoreCase))
        {
            return TixalloRateLimitScope.Ip;
        }

        return window switch
        {
            { TotalMinutes: >= 60 } when budget == RateBudget.Uploads => TixalloRateLimitScope.AttachmentUpload,
            { TotalMinutes: >= 60 } when budget == RateBudget.Downloads => TixalloRateLimitScope.AttachmentDownload,
            { TotalMinutes: >= 15 } => TixalloRateLimitScope.Ip,
            { TotalSeconds: > 0 and <= 60 } => TixalloRateLimitScope.ApiKey,
            _ when name.Contains("rateLimit", StringComparison.OrdinalIgnoreCase) || name.Contains("rate_limit", StringComparison.OrdinalIgnoreCase) => TixalloRateLimitScope.ApiKey,
            _ => TixalloRateLimitScope.Unknown,
        };
    }
}
