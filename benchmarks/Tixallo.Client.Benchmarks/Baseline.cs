using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tixallo.Client.Benchmarks;

/// <summary>
/// The best hand-written code: raw HttpClient, source-generated System.Text.Json, one status check and a
/// JsonDocument parse for errors. What an SDK can approach, never beat.
/// </summary>
public sealed class Baseline(HttpClient http)
{
    private static readonly BaselineJsonContext Json = BaselineJsonContext.Default;

    /// <summary>A GET as a consumer writes it: the status checked in the method itself, so an error is thrown once, here.</summary>
    public async Task<Ticket> GetTicketAsync(string id)
    {
        using var response = await http.GetAsync("tickets/" + Uri.EscapeDataString(id));
        if (!response.IsSuccessStatusCode)
        {
            throw await FailureAsync(response);
        }

        return (await response.Content.ReadFromJsonAsync(Json.Ticket))!;
    }

    /// <summary>The same GET with the check in an async helper that throws: the exception is thrown there and again at this await.</summary>
    public async Task<Ticket> GetTicketThrowingFromHelperAsync(string id)
    {
        using var response = await http.GetAsync("tickets/" + Uri.EscapeDataString(id));
        await ThrowIfFailedAsync(response);
        return (await response.Content.ReadFromJsonAsync(Json.Ticket))!;
    }

    public async Task<Ticket> CreateTicketAsync(CreateTicketRequest request)
    {
        using var response = await http.PostAsJsonAsync("tickets", request, Json.CreateTicketRequest);
        await ThrowIfFailedAsync(response);
        return (await response.Content.ReadFromJsonAsync(Json.Ticket))!;
    }

    public async Task<BaselinePage> ListPageAsync(int limit, string? cursor)
    {
        var path = cursor is null ? $"tickets?limit={limit}" : $"tickets?limit={limit}&cursor={Uri.EscapeDataString(cursor)}";
        using var response = await http.GetAsync(path);
        await ThrowIfFailedAsync(response);
        return (await response.Content.ReadFromJsonAsync(Json.BaselinePage))!;
    }

    private static async Task ThrowIfFailedAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw await FailureAsync(response);
        }
    }

    private static async Task<BaselineApiException> FailureAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsByteArrayAsync();
        using var document = JsonDocument.Parse(body);
        var message = document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String ? error.GetString() : null;
        return new BaselineApiException((int)response.StatusCode, message ?? "error");
    }
}

public sealed class BaselinePage
{
    public List<Ticket> Data { get; init; } = [];

    public string? NextCursor { get; init; }
}

public sealed class BaselineApiException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(Ticket))]
[JsonSerializable(typeof(CreateTicketRequest))]
[JsonSerializable(typeof(BaselinePage))]
internal sealed partial class BaselineJsonContext : JsonSerializerContext;
