using Microsoft.Extensions.DependencyInjection;

namespace Tixallo.Client.DependencyInjection;

/// <summary>
/// Marks one client registered in a service collection (the unnamed one, or one name): a second
/// <c>AddTixalloClient</c> for it only adds settings. Also the service key of its <see cref="RegisteredClient"/>.
/// </summary>
internal sealed class TixalloRegistration(string? name)
{
    /// <summary>The client's name, or null for the unnamed client.</summary>
    public string? Name { get; } = name;

    /// <summary>The name of its options: the client's name, or the default name.</summary>
    public string OptionsName { get; } = name ?? Microsoft.Extensions.Options.Options.DefaultName;

    /// <summary>The name of its <see cref="HttpClient"/> with IHttpClientFactory.</summary>
    public string HttpClientName { get; } = name is null
        ? TixalloServiceCollectionExtensions.HttpClientName
        : TixalloServiceCollectionExtensions.HttpClientName + ":" + name;

    /// <summary>The registration of <paramref name="name"/> in <paramref name="services"/>, or null.</summary>
    public static TixalloRegistration? Find(IServiceCollection services, string? name)
    {
        foreach (var service in services)
        {
            if (service is { ServiceType: var type, IsKeyedService: false, ImplementationInstance: TixalloRegistration registration }
                && type == typeof(TixalloRegistration)
                && registration.Name == name)
            {
                return registration;
            }
        }

        return null;
    }
}
