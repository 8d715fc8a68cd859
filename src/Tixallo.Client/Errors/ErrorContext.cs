namespace Tixallo.Client.Errors;

/// <summary>What the decoder needs to know about the call besides the response itself.</summary>
/// <param name="CorrelationId">The id the server echoed, else the one the client sent.</param>
/// <param name="Attempts">How many attempts the call made.</param>
/// <param name="Now">The current time, for a <c>Retry-After</c> HTTP-date.</param>
/// <param name="Operation">The call's operation (e.g. <c>attachments.upload</c>), which tells an hourly legacy 429's scope.</param>
internal readonly record struct ErrorContext(string? CorrelationId, int Attempts, DateTimeOffset Now, string? Operation = null);
