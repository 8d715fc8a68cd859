using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tixallo.Client;
using Tixallo.Client.DependencyInjection;
using Tixallo.Client.Options;
using Tixallo.Client.Transport;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="ITixalloClient"/> through <c>IHttpClientFactory</c>.</summary>
/// <remarks>
/// The SDK retries, times out and spends the rate budget of its calls itself. Resilience handlers that host-wide
/// defaults add to every client (<c>ConfigureHttpClientDefaults(b =&gt; b.AddStandardResilienceHandler())</c>, as .NET
/// Aspire's ServiceDefaults do, or a Microsoft.Extensions.Http.Polly policy) are removed from the SDK's clients, with
/// one Information log line naming them: under the SDK's retries they would multiply every attempt. A handler you add
/// on the <see cref="IHttpClientBuilder"/> these methods return is kept.
/// </remarks>
public static class TixalloServiceCollectionExtensions
{
    /// <summary>
    /// The name of the <see cref="HttpClient"/> the SDK registers with <c>IHttpClientFactory</c>; a named client's
    /// is this, a colon and the name (<c>Tixallo.Client:workspace-a</c>).
    /// </summary>
    public const string HttpClientName = "Tixallo.Client";

    /// <summary>Registers <see cref="ITixalloClient"/> as a singleton with settings from code; they are validated at start-up.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options, e.g. <c>o =&gt; o.ApiKey = "…"</c>.</param>
    /// <returns>The <see cref="IHttpClientBuilder"/> of the SDK's <see cref="HttpClient"/>, to add your own handlers below the SDK's.</returns>
    /// <remarks>
    /// Called again, it adds settings to the same client (the last key set wins); for clients with keys of their own
    /// (several workspaces), register each under a name with <see cref="AddTixalloClient(IServiceCollection, string, Action{TixalloClientOptions})"/>.
    /// </remarks>
    public static IHttpClientBuilder AddTixalloClient(this IServiceCollection services, Action<TixalloClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        return AddCore(services, name: null, options => options.Configure(configure));
    }

    /// <summary>Registers <see cref="ITixalloClient"/> as a singleton with settings bound from configuration; they are validated at start-up.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section to bind, e.g. <c>configuration.GetSection("Tixallo")</c>. A reload that changes its <c>ApiKey</c> reaches the next attempt.</param>
    /// <returns>The <see cref="IHttpClientBuilder"/> of the SDK's <see cref="HttpClient"/>, to add your own handlers below the SDK's.</returns>
    /// <remarks>
    /// Called again, it adds settings to the same client (the last key set wins); for clients with keys of their own
    /// (several workspaces), register each under a name with <see cref="AddTixalloClient(IServiceCollection, string, IConfiguration)"/>.
    /// </remarks>
    public static IHttpClientBuilder AddTixalloClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        return AddCore(services, name: null, options => options.Bind(configuration));
    }

    /// <summary>
    /// Registers a keyed <see cref="ITixalloClient"/> singleton under <paramref name="name"/> (one workspace's key),
    /// with settings from code, validated at start-up. Resolve it with <c>[FromKeyedServices(name)]</c> or
    /// <c>GetRequiredKeyedService&lt;ITixalloClient&gt;(name)</c>. It has its own named <see cref="HttpClient"/>
    /// (<c>Tixallo.Client:</c><paramref name="name"/>), options (named options, <paramref name="name"/>) and rate budget.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The client's name, also its service key.</param>
    /// <param name="configure">Sets the options, e.g. <c>o =&gt; o.ApiKey = "…"</c>.</param>
    /// <returns>The <see cref="IHttpClientBuilder"/> of this client's <see cref="HttpClient"/>, to add your own handlers below the SDK's.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null, empty or white space.</exception>
    public static IHttpClientBuilder AddTixalloClient(this IServiceCollection services, string name, Action<TixalloClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        return AddCore(services, name, options => options.Configure(configure));
    }

    /// <summary>
    /// Registers a keyed <see cref="ITixalloClient"/> singleton under <paramref name="name"/> (one workspace's key),
    /// with settings bound from configuration, validated at start-up. Resolve it with <c>[FromKeyedServices(name)]</c>
    /// or <c>GetRequiredKeyedService&lt;ITixalloClient&gt;(name)</c>. It has its own named <see cref="HttpClient"/>
    /// (<c>Tixallo.Client:</c><paramref name="name"/>), options (named options, <paramref name="name"/>) and rate budget.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The client's name, also its service key.</param>
    /// <param name="configuration">The section to bind, e.g. <c>configuration.GetSection("Tixallo:WorkspaceA")</c>. A reload that changes its <c>ApiKey</c> reaches the next attempt.</param>
    /// <returns>The <see cref="IHttpClientBuilder"/> of this client's <see cref="HttpClient"/>, to add your own handlers below the SDK's.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null, empty or white space.</exception>
    public static IHttpClientBuilder AddTixalloClient(this IServiceCollection services, string name, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configuration);
        return AddCore(services, name, options => options.Bind(configuration));
    }

    private static IHttpClientBuilder AddCore(IServiceCollection services, string? name, Action<OptionsBuilder<TixalloClientOptions>> settings)
    {
        if (TixalloRegistration.Find(services, name) is { } registered)
        {
            // Registered before: this call only adds its settings; a second set of handlers would stack retries.
            settings(services.AddOptions<TixalloClientOptions>(registered.OptionsName));
            return services.AddHttpClient(registered.HttpClientName);
        }

        var registration = new TixalloRegistration(name);
        settings(services.AddOptions<TixalloClientOptions>(registration.OptionsName));
        services.AddSingleton(registration);
        // Per container: the client's options, gate and credential, shared by every handler chain the factory builds.
        services.AddKeyedSingleton(registration, static (provider, key) => new RegisteredClient(provider, (TixalloRegistration)key!));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TixalloClientOptions>, TixalloClientOptionsValidator>());
        services.AddOptions<TixalloClientOptions>(registration.OptionsName).ValidateOnStart();

        var builder = services.AddHttpClient(registration.HttpClientName);
        // Host-wide defaults have added their handlers when this runs (ConfigureHttpClientDefaults always runs first);
        // the handlers of the builder returned below come after it, and stay.
        builder.ConfigureAdditionalHttpMessageHandlers((handlers, provider) => Of(provider, registration).RemoveHostResilience(handlers));
        builder.ConfigurePrimaryHttpMessageHandler(TixalloPipeline.CreatePrimaryHandler);

        // The same arrangement as new TixalloClient(…), run after every handler the user added (a post-configure step),
        // and before the factory's logging handlers wrap the chain: the key is added below every log.
        services.PostConfigure<HttpClientFactoryOptions>(registration.HttpClientName, factoryOptions =>
            factoryOptions.HttpMessageHandlerBuilderActions.Add(handlers =>
            {
                var primary = handlers.PrimaryHandler;
                TixalloPipeline.Arrange(handlers.AdditionalHandlers, ref primary, Of(handlers.Services, registration).Parts, HeadersLogged(handlers.Services, registration.HttpClientName));
                handlers.PrimaryHandler = primary;
            }));

        // A singleton: the client is thread-safe, and its primary handler renews pooled connections itself.
        if (name is null)
        {
            services.TryAddSingleton<ITixalloClient>(provider => CreateClient(provider, registration));
        }
        else
        {
            services.AddKeyedSingleton<ITixalloClient>(name, (provider, _) => CreateClient(provider, registration));
        }

        return builder;
    }

    private static TixalloClient CreateClient(IServiceProvider provider, TixalloRegistration registration)
    {
        var parts = Of(provider, registration).Parts;
        return new TixalloClient(provider.GetRequiredService<IHttpClientFactory>().CreateClient(registration.HttpClientName), parts.Options, parts.Logger, ownsHttpClient: true);
    }

    /// <summary>
    /// Whether the factory's own loggers of <paramref name="httpClientName"/> log request headers now: they do at Trace,
    /// under these categories (Microsoft.Extensions.Http's), and only then keep the request's headers in their state.
    /// Without a logger factory, always: the key then always goes on a copy.
    /// </summary>
    private static Func<bool> HeadersLogged(IServiceProvider services, string httpClientName)
    {
        if (services.GetService<ILoggerFactory>() is not { } loggerFactory)
        {
            return static () => true;
        }

        var prefix = "System.Net.Http.HttpClient." + httpClientName;
        var logical = loggerFactory.CreateLogger(prefix + ".LogicalHandler");
        var client = loggerFactory.CreateLogger(prefix + ".ClientHandler");
        return () => logical.IsEnabled(LogLevel.Trace) || client.IsEnabled(LogLevel.Trace);
    }

    private static RegisteredClient Of(IServiceProvider provider, TixalloRegistration registration) =>
        provider.GetRequiredKeyedService<RegisteredClient>(registration);
}
