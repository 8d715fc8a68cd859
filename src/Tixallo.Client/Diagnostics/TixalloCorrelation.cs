using Tixallo.Client.Http;

namespace Tixallo.Client;

/// <summary>
/// Sets the <c>x-correlation-id</c> for the calls made inside a scope, across awaits. Without a scope the
/// client uses <see cref="TixalloClientOptions.CorrelationIdGenerator"/>, else a new id per call.
/// </summary>
/// <example>
/// <code>
/// using (TixalloCorrelation.Begin("order-4711"))
/// {
///     await client.Tickets.GetAsync(ticketId); // sent with x-correlation-id: order-4711
/// }
/// </code>
/// </example>
public static class TixalloCorrelation
{
    private static readonly AsyncLocal<string?> CurrentId = new();

    /// <summary>The correlation id of the innermost open scope on this async flow, or null outside any scope.</summary>
    public static string? Current => CurrentId.Value;

    /// <summary>Opens a scope in which every call sends <paramref name="correlationId"/>. Scopes nest; disposing restores the outer id.</summary>
    /// <param name="correlationId">The id: 1 to 256 visible ASCII characters.</param>
    /// <returns>The scope; dispose it to end it.</returns>
    /// <exception cref="ArgumentException">The id is empty, too long, or holds control or non-ASCII characters.</exception>
    public static IDisposable Begin(string correlationId)
    {
        CorrelationIds.Validate(correlationId, nameof(correlationId));
        var scope = new Scope(CurrentId.Value);
        CurrentId.Value = correlationId;
        return scope;
    }

    private sealed class Scope(string? outer) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (!_disposed)
            {
                _disposed = true;
                CurrentId.Value = outer;
            }
        }
    }
}
