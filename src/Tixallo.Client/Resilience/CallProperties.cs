using Polly;
using Tixallo.Client.Http;

namespace Tixallo.Client.Resilience;

/// <summary>The call's request in Polly's context, where the pipeline's strategies and callbacks find it; it is always there.</summary>
internal static class CallProperties
{
    // Stryker disable once String : any name is the same key, as long as there is one
    private static readonly ResiliencePropertyKey<TixalloRequest> RequestKey = new("Tixallo.Client.Request");

    public static void Set(ResilienceContext context, TixalloRequest request) => context.Properties.Set(RequestKey, request);

    // Stryker disable once String : the message is unreachable; the resilience handler always sets the request first
    public static TixalloRequest RequestOf(ResilienceContext context) =>
        context.Properties.TryGetValue(RequestKey, out var request)
            ? request
            : throw new InvalidOperationException("A Tixallo call's pipeline ran without its request; the resilience handler puts it in the context before the pipeline runs.");
}
