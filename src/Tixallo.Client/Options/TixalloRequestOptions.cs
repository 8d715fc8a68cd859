namespace Tixallo.Client;

/// <summary>
/// Settings for the calls of one view of a client (<see cref="ITixalloClient.WithOptions"/>): each one left null
/// falls back to the client's. The view shares the client's connections and pipeline.
/// </summary>
/// <example>
/// <code>
/// var urgent = client.WithOptions(new TixalloRequestOptions { TotalTimeout = TimeSpan.FromSeconds(5), MaxRetries = 1 });
/// await urgent.Tickets.GetAsync(ticketId); // ends with TixalloTimeoutException after 5 s at most
/// </code>
/// </example>
public sealed class TixalloRequestOptions
{
    /// <summary>How long each call may take in all, every attempt and wait included (10 ms to 24 h); null for the client's.</summary>
    public TimeSpan? TotalTimeout { get; init; }

    /// <summary>How long one attempt may take (10 ms to 24 h, at most <see cref="TotalTimeout"/> when both are set); null for the client's.</summary>
    public TimeSpan? AttemptTimeout { get; init; }

    /// <summary>The most retries after the first attempt (0 to 10); null for the client's.</summary>
    public int? MaxRetries { get; init; }

    /// <summary>The <c>x-correlation-id</c> every call sends, over any <see cref="TixalloCorrelation"/> scope; null for the usual one.</summary>
    public string? CorrelationId { get; init; }

    /// <summary>Whether adding a message to a merged ticket follows the merge; null for the client's.</summary>
    public bool? FollowMergedTickets { get; init; }

    /// <summary>
    /// Extra request headers every call sends (for example a tenant or a feature header your gateway reads). Refused:
    /// <c>Authorization</c>, <c>x-correlation-id</c> (use <see cref="CorrelationId"/>), content headers and the
    /// hop-by-hop headers (<c>Connection</c>, <c>Keep-Alive</c>, <c>Proxy-Authenticate</c>, <c>Proxy-Authorization</c>,
    /// <c>TE</c>, <c>Trailer</c>, <c>Transfer-Encoding</c>, <c>Upgrade</c>, <c>Host</c>).
    /// </summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <inheritdoc />
    public override string ToString() =>
        $"TixalloRequestOptions {{ TotalTimeout = {TotalTimeout?.ToString() ?? "(client's)"}, AttemptTimeout = {AttemptTimeout?.ToString() ?? "(client's)"}, " +
        $"MaxRetries = {MaxRetries?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(client's)"}, CorrelationId = {CorrelationId ?? "(usual)"}, " +
        $"FollowMergedTickets = {FollowMergedTickets?.ToString() ?? "(client's)"}, Headers = {(Headers is { Count: > 0 } headers ? string.Join(", ", headers.Keys) : "(none)")} }}";
}
