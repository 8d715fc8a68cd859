namespace Tixallo.Client.Http;

/// <summary>What a resource client asks the transport to send.</summary>
/// <param name="Operation">A short name for telemetry, e.g. <c>tickets.get</c>.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path relative to the base address, ids already escaped.</param>
internal sealed record ApiRequest(string Operation, HttpMethod Method, string Path)
{
    /// <summary>The request body, if any.</summary>
    public HttpContent? Content { get; init; }

    /// <summary>False for a streamed download.</summary>
    public bool BufferResponse { get; init; } = true;

    /// <summary>False when the body cannot be sent twice.</summary>
    public bool CanRetry { get; init; } = true;

    /// <summary>For adding a message: the ticket, because a 409 then means it was merged.</summary>
    public string? MessageTicketId { get; init; }
}
