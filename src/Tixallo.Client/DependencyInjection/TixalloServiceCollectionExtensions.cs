using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tixallo.Client;
using Tixallo.Client.Http;

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
        if (services.Any(service => service.ServiceType == typeof(ITixalloClient)))
        {
            // Registered before: this call only adds its settings; a second set of handlers would stack retries.
            return services.AddHttpClient(HttpClientName);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TixalloClientOptions>, TixalloClientOptionsValidator>());
        services.AddOptions<TixalloClientOptions>().ValidateOnStart();

        var builder = services.AddHttpClient(HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(TixalloHandlers.CreatePrimaryHandler)
            .AddHttpMessageHandler(provider => TixalloHandlers.CreateCorrelationHandler(OptionsOf(provider), LoggerOf(provider)))
            .AddHttpMessageHandler(provider => TixalloHandlers.CreateResilienceHandler(OptionsOf(provider), LoggerOf(provider)));

        // Authentication wraps whatever primary handler is configured last, so it sits below the factory's logging
        // handlers: the Authorization header is added after every log has been written.
        services.PostConfigure<HttpClientFactoryOptions>(HttpClientName, factoryOptions =>
            factoryOptions.HttpMessageHandlerBuilderActions.Add(handlers =>
                handlers.PrimaryHandler = TixalloHandlers.CreateAuthenticationHandler(OptionsOf(handlers.Services), handlers.PrimaryHandler, underHttpClientFactory: true)));

        // A singleton: the client is thread-safe, and its primary handler renews pooled connections itself.
        services.TryAddSingleton<ITixalloClient>(provider => new TixalloClient(
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            OptionsOf(provider),
            ownsHttpClient: true));
        return builder;
    }

    private static TixalloClientOptions OptionsOf(IServiceProvider provider) =>
        provider.GetRequiredService<IOptions<TixalloClientOptions>>().Value;

    private static ILogger LoggerOf(IServiceProvider provider) =>
        TixalloHandlers.CreateLogger(OptionsOf(provider).LoggerFactory ?? provider.GetService<ILoggerFactory>());
}
