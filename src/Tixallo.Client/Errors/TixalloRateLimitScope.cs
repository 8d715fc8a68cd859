namespace Tixallo.Client;

/// <summary>Which of the API's rate limits a 429 came from.</summary>
public enum TixalloRateLimitScope
{
    /// <summary>The answer did not say.</summary>
    Unknown = 0,

    /// <summary>The per-key limit (60 requests a minute): every call made with the key waits.</summary>
    ApiKey,

    /// <summary>The per-IP limit (about 500 requests per 15 minutes), shared by every key used from the address.</summary>
    Ip,

    /// <summary>The workspace's hourly attachment upload limit: only uploads wait.</summary>
    AttachmentUpload,

    /// <summary>The workspace's hourly attachment download limit: only downloads wait.</summary>
    AttachmentDownload,
}
