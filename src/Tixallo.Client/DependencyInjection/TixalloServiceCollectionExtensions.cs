using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tixallo.Client;
using Tixallo.Client.Http;
using Tixallo.Client.Options;
using Tixallo.Client.Resilience;
using Tixallo.Client.Transport;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="ITixalloClient"/> through <c>IHttpClientFactory</c>.</summary>
public static class TixalloServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> the SDK registers with <c>IHttpClientFactory</c>.</summary>
    public const string HttpClientName = "Tixallo.Client";

    /// <summary>Registers <see cref="ITixalloClient"/> as a singleton with settings from code; they are validated at start-up.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options, e.g. <c>o =&gt; o.ApiKey = "…"</c>.</param>
    /// <returns>The <see cref="IHttpClientBuilder"/> of the SDK's <see cref="HttpClient"/>, to add your own handlers below the SDK's.</returns>
    public static IHttpClientBuilder AddTixalloClient(this IServiceCollection services, Action<TixalloClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<TixalloClientOptions>().Configure(configure);
        return AddCore(services);
    }

    /// <summary>Registers <see cref="ITixalloClient"/> as a singleton with settings bound from configuration; they are validated at start-up.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section to bind, e.g. <c>configuration.GetSection("Tixallo")</c>.</param>
    /// <returns>The <see cref="IHttpClientBuilder"/> of the SDK's <see cref="HttpClient"/>, to add your own handlers below the SDK's.</returns>
    public static IHttpClientBuilder AddTixalloClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<TixalloClientOptions>().Bind(configuration);
        return AddCore(services);
    }

    private static IHttpClientBuilder AddCore(IServiceCollection services)
    {
        var builder = services.AddHttpClient(HttpClientName);
        if (services.Any(service => service.ServiceType == typeof(Registered)))
        {
            // Registered before: this call only adds its settings; a second set of handlers would stack retries.
            return builder;
        }

        services.AddSingleton(new Registered());
        // One gate for the key, however often the factory rebuilds the handlers (every 2 minutes by default).
        services.AddSingleton(provider => TixalloPipeline.CreateGate(OptionsOf(provider), LoggerOf(provider)));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TixalloClientOptions>, TixalloClientOptionsValidator>());
        services.AddOptions<TixalloClientOptions>().ValidateOnStart();
        builder.ConfigurePrimaryHttpMessageHandler(TixalloPipeline.CreatePrimaryHandler);

        // The same arrangement as new TixalloClient(…), run after every handler the user added (a post-configure step),
        // and before the factory's logging handlers wrap the chain: the key is added below every log.
        services.PostConfigure<HttpClientFactoryOptions>(HttpClientName, factoryOptions =>
            factoryOptions.HttpMessageHandlerBuilderActions.Add(handlers =>
            {
                var primary = handlers.PrimaryHandler;
                TixalloPipeline.Arrange(handlers.AdditionalHandlers, ref primary, OptionsOf(handlers.Services), handlers.Services.GetRequiredService<RateLimitGate>(), LoggerOf(handlers.Services), underHttpClientFactory: true);
                handlers.PrimaryHandler = primary;
            }));

        // A singleton: the client is thread-safe, and its primary handler renews pooled connections itself.
        services.TryAddSingleton<ITixalloClient>(provider => new TixalloClient(
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            OptionsOf(provider),
            LoggerOf(provider),
            ownsHttpClient: true));
        return builder;
    }

    private static TixalloClientOptions OptionsOf(IServiceProvider provider) =>
        provider.GetRequiredService<IOptions<TixalloClientOptions>>().Value;

    private static ILogger LoggerOf(IServiceProvider provider) =>
        TixalloPipeline.CreateLogger(OptionsOf(provider).LoggerFactory ?? provider.GetService<ILoggerFactory>());

    /// <summary>Marks a collection the SDK's pipeline is registered in; private, so no other registration can look like it.</summary>
    private sealed class Registered;
}
