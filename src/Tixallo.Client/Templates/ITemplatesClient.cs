namespace Tixallo.Client;

/// <summary>Reply templates: create, read, list, change and delete. Mock this interface to test code that uses it.</summary>
public interface ITemplatesClient
{
    /// <summary>Creates a template (<c>POST templates</c>).</summary>
    /// <param name="request">The new template; <see cref="CreateTemplateRequest.Name"/> and <see cref="CreateTemplateRequest.Body"/> are required.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The created template.</returns>
    Task<Template> CreateAsync(CreateTemplateRequest request, CancellationToken cancellationToken = default);

    /// <summary>Reads a template (<c>GET templates/{template_id}</c>).</summary>
    /// <param name="templateId">The template's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The template.</returns>
    Task<Template> GetAsync(string templateId, CancellationToken cancellationToken = default);

    /// <summary>Lists templates (<c>GET templates</c>), page after page as the caller enumerates.</summary>
    /// <param name="options">The page size, or null for the server's default.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>Every template, in the server's order.</returns>
    IAsyncEnumerable<Template> ListAsync(ListOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists templates (<c>GET templates</c>) page by page (<c>next_cursor</c>), as the caller enumerates. Keep a page's
    /// <see cref="TixalloPage{T}.NextCursor"/> and pass it as <see cref="ListOptions.Cursor"/> to resume after it.
    /// </summary>
    /// <param name="options">The page size and the cursor to start from, or null for the first page.</param>
    /// <param name="cancellationToken">Cancels the enumeration, including a page fetch under way.</param>
    /// <returns>The pages, each with its items, its next cursor and its correlation id.</returns>
    IAsyncEnumerable<TixalloPage<Template>> ListPagesAsync(ListOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Changes a template (<c>PATCH templates/{template_id}</c>); only the fields set are sent.</summary>
    /// <param name="templateId">The template's id.</param>
    /// <param name="request">The changes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The changed template.</returns>
    Task<Template> UpdateAsync(string templateId, UpdateTemplateRequest request, CancellationToken cancellationToken = default);

    /// <summary>Deletes a template (<c>DELETE templates/{template_id}</c>).</summary>
    /// <param name="templateId">The template's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the template is deleted.</returns>
    Task DeleteAsync(string templateId, CancellationToken cancellationToken = default);
}
