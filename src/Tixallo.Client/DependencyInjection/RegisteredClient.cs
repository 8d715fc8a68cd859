using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tixallo.Client.Diagnostics;
using Tixallo.Client.Transport;

namespace Tixallo.Client.DependencyInjection;

/// <summary>
/// One registered client in one container: its parts (options, gate, credential, logger), the credential kept in step
/// with its options' <c>ApiKey</c> when configuration reloads, and the host-wide resilience handlers kept off its chains.
/// </summary>
internal sealed class RegisteredClient : IDisposable
{
    // Found by type name so the SDK needs no package of theirs: the handler of Microsoft.Extensions.Http.Resilience
    // (AddStandardResilienceHandler, AddResilienceHandler, AddStandardHedgingHandler) and of Microsoft.Extensions.Http.Polly.
    private static readonly string[] ResilienceHandlerTypes =
    [
        "Microsoft.Extensions.Http.Resilience.ResilienceHandler",
        "Microsoft.Extensions.Http.PolicyHttpMessageHandler",
    ];

    private readonly TixalloRegistration _registration;
    private readonly IDisposable? _reload;
    private int _removalReported;

    public RegisteredClient(IServiceProvider provider, TixalloRegistration registration)
    {
        _registration = registration;
        var monitor = provider.GetRequiredService<IOptionsMonitor<TixalloClientOptions>>();
        var options = monitor.Get(registration.OptionsName);
        var logger = TixalloPipeline.CreateLogger(options.LoggerFactory ?? provider.GetService<ILoggerFactory>());
        Parts = ClientParts.For(options, logger);
        if (options.Credential is null)
        {
            // Only the key follows a reload: the other settings shape handlers and pools already built.
            _reload = monitor.OnChange((changed, name) =>
            {
                if (name == registration.OptionsName)
                {
                    FollowKey(changed);
                }
            });
        }
    }

    public ClientParts Parts { get; }

    /// <summary>Removes the resilience handlers host-wide defaults put on this client's chain; reports it once.</summary>
    public void RemoveHostResilience(IList<DelegatingHandler> handlers)
    {
        List<string>? removed = null;
        for (var i = handlers.Count - 1; i >= 0; i--)
        {
            if (IsResilienceHandler(handlers[i].GetType()))
            {
                (removed ??= []).Insert(0, handlers[i].GetType().FullName!);
                handlers.RemoveAt(i);
            }
        }

        if (removed is not null && Interlocked.Exchange(ref _removalReported, 1) == 0)
        {
            var handlerNames = string.Join(", ", removed);
            Log.HostResilienceRemoved(Parts.Logger, handlerNames, _registration.HttpClientName);
        }
    }

    public void Dispose() => _reload?.Dispose();

    private void FollowKey(TixalloClientOptions changed)
    {
        // The monitor validated the reloaded options: a reload with a key a header cannot carry never gets here.
        if (changed.ApiKey is { } key)
        {
            Parts.Credential.Update(key);
        }
    }

    private static bool IsResilienceHandler(Type? type)
    {
        for (; type is not null && type != typeof(DelegatingHandler); type = type.BaseType)
        {
            if (Array.IndexOf(ResilienceHandlerTypes, type.FullName) >= 0)
            {
                return true;
            }
        }

        return false;
    }
}
