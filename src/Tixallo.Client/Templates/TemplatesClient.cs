using System.Globalization;
using Tixallo.Client.Http;
using Tixallo.Client.Pagination;
using Tixallo.Client.Serialization;
using Tixallo.Client.Transport;
using Tixallo.Client.Platform;

namespace Tixallo.Client.Templates;

/// <summary>The HTTP implementation of <see cref="ITemplatesClient"/>.</summary>
internal sealed class TemplatesClient(TixalloTransport transport) : ITemplatesClient
{
    private static readonly TixalloJsonContext Json = TixalloJsonContext.Default;

    public Task<Template> CreateAsync(CreateTemplateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        Guard.Required(request.Name, nameof(request.Name), nameof(request));
        Guard.Required(request.Body, nameof(request.Body), nameof(request));
        var call = transport.Request("templates.create", HttpMethod.Post, "templates", JsonBody.Create(request, Json.CreateTemplateRequest));
        return transport.SendAsync(call, Json.Template, cancellationToken);
    }

    public Task<Template> GetAsync(string templateId, CancellationToken cancellationToken = default) =>
        transport.SendAsync(transport.Request("templates.get", HttpMethod.Get, "templates/" + ApiPath.Segment(templateId, nameof(templateId))), Json.Template, cancellationToken);

    public IAsyncEnumerable<Template> ListAsync(ListOptions? options = null, CancellationToken cancellationToken = default) =>
        Paginator.ItemsAsync(ListPagesAsync(options, cancellationToken), cancellationToken);

    public IAsyncEnumerable<TixalloPage<Template>> ListPagesAsync(ListOptions? options = null, CancellationToken cancellationToken = default)
    {
        Guard.ListOptions(options, nameof(options));
        var path = "templates";
        ApiPath.AddQuery(ref path, "limit", options?.Limit?.ToString(CultureInfo.InvariantCulture));
        return Paginator.PagesAsync(transport, "templates.list", path, options?.Cursor, Json.PageTemplate, cancellationToken);
    }

    public Task<Template> UpdateAsync(string templateId, UpdateTemplateRequest request, CancellationToken cancellationToken = default)
    {
        var path = "templates/" + ApiPath.Segment(templateId, nameof(templateId));
        ArgumentNullException.ThrowIfNull(request);
        var call = transport.Request("templates.update", HttpNames.Patch, path, JsonBody.Create(request, Json.UpdateTemplateRequest));
        return transport.SendAsync(call, Json.Template, cancellationToken);
    }

    public Task DeleteAsync(string templateId, CancellationToken cancellationToken = default) =>
        transport.SendAsync(transport.Request("templates.delete", HttpMethod.Delete, "templates/" + ApiPath.Segment(templateId, nameof(templateId))), cancellationToken);
}
