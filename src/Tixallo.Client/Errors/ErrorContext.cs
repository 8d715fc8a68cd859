using Tixallo.Client.Http;

namespace Tixallo.Client.Errors;

/// <summary>What the decoder needs to know about the call besides the response itself.</summary>
/// <param name="CorrelationId">The id the server echoed, else the one the client sent.</param>
/// <param name="Attempts">How many attempts the call made.</param>
/// <param name="Now">The current time, for a <c>Retry-After</c> HTTP-date.</param>
/// <param name="Budget">The rate budget the call spends, which tells an hourly legacy 429's scope.</param>
internal readonly record struct ErrorContext(string? CorrelationId, int Attempts, DateTimeOffset Now, RateBudget Budget = RateBudget.Calls);
