namespace Tixallo.Client;

/// <summary>What the decoder needs to know about the call besides the response itself.</summary>
/// <param name="CorrelationId">The id the server echoed, else the one the client sent.</param>
/// <param name="Attempts">How many attempts the call made.</param>
/// <param name="Now">The current time, for a <c>Retry-After</c> HTTP-date.</param>
/// <param name="MessageTicketId">
/// The ticket a message was being added to: the one call for which a 409 means the ticket was merged.
/// </param>
internal readonly record struct ErrorContext(string? CorrelationId, int Attempts, DateTimeOffset Now, string? MessageTicketId = null);
