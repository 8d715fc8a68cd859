using Microsoft.Extensions.DependencyInjection;
using Refit;

namespace Tixallo.Client.Benchmarks;

/// <summary>The ticket endpoints as a Refit user declares them.</summary>
public interface IRefitTicketsApi
{
    [Get("/tickets/{id}")]
    Task<Ticket> GetAsync(string id);

    [Get("/tickets")]
    Task<BaselinePage> ListAsync(int limit, string? cursor);
}

/// <summary>
/// What a user would write instead of this SDK: Refit 16.4 over IHttpClientFactory with
/// Microsoft.Extensions.Http.Resilience's standard handler (its defaults: 3 retries, attempt and total timeouts,
/// circuit breaker, rate limiter), and System.Text.Json's source-generated metadata for the models.
/// </summary>
public static class RefitContestant
{
    public static Contestant Create(Uri baseAddress, Func<HttpMessageHandler> primary, List<IAsyncDisposable> owned)
    {
        var api = Build(baseAddress, primary, owned, retries: null);
        var noRetries = Build(baseAddress, primary, owned, retries: 0);
        return new Contestant(
            "Refit 16.4 + AddStandardResilienceHandler",
            () => api.GetAsync(Contestants.TicketId),
            () => Contestants.Quietly(() => noRetries.GetAsync("tkt_missing")),
            () => api.ListAsync(CannedApi.PageSize, null),
            () => Contestants.IterateAsync(cursor => api.ListAsync(CannedApi.PageSize, cursor)));
    }

    private static IRefitTicketsApi Build(Uri baseAddress, Func<HttpMessageHandler> primary, List<IAsyncDisposable> owned, int? retries)
    {
        var services = new ServiceCollection();
        var settings = new RefitSettings { ContentSerializer = new SystemTextJsonContentSerializer(BaselineJsonContext.Default.Options) };
        var builder = services.AddRefitGeneratedClient<IRefitTicketsApi>(settings)
            .ConfigureHttpClient(http => http.BaseAddress = new Uri(baseAddress.AbsoluteUri.TrimEnd('/')))
            .ConfigurePrimaryHttpMessageHandler(primary);
        if (retries == 0)
        {
            builder.AddStandardResilienceHandler(o => o.Retry.ShouldHandle = _ => ValueTask.FromResult(false));
        }
        else
        {
            builder.AddStandardResilienceHandler();
        }

        var provider = services.BuildServiceProvider();
        owned.Add(provider);
        return provider.GetRequiredService<IRefitTicketsApi>();
    }
}
