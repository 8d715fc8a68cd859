using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Tixallo.Client.IntegrationTests.WireMock;

/// <summary>A small typed client for WireMock's admin API: mappings, the request journal, scenarios, reset.</summary>
internal sealed class WireMockAdmin(Uri address) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(address, "__admin/"), Timeout = TimeSpan.FromSeconds(30) };

    public async Task<bool> IsHealthyAsync()
    {
        try
        {
            using var response = await _http.GetAsync("health");
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>Restores the file mappings, empties the journal and resets every scenario.</summary>
    public Task ResetAsync() => PostAsync("reset", null);

    public Task ResetScenariosAsync() => PostAsync("scenarios/reset", null);

    public Task AddMappingAsync(JsonObject mapping) => PostAsync("mappings", mapping);

    /// <summary>Answers <paramref name="responses"/> in turn to requests matching <paramref name="request"/>; the last one repeats.</summary>
    public async Task AddSequenceAsync(JsonObject request, params JsonObject[] responses)
    {
        var scenario = "seq-" + Guid.NewGuid().ToString("N");
        for (var i = 0; i < responses.Length; i++)
        {
            var mapping = new JsonObject
            {
                ["priority"] = 1,
                ["scenarioName"] = scenario,
                ["requiredScenarioState"] = i == 0 ? "Started" : $"step-{i}",
                ["request"] = request.DeepClone(),
                ["response"] = responses[i],
            };
            if (i < responses.Length - 1)
            {
                mapping["newScenarioState"] = $"step-{i + 1}";
            }

            await AddMappingAsync(mapping);
        }
    }

    /// <summary>The request journal, oldest first.</summary>
    public async Task<IReadOnlyList<JournalEntry>> RequestsAsync()
    {
        var journal = await _http.GetFromJsonAsync<JsonObject>("requests") ?? throw new InvalidOperationException("empty journal");
        return journal["requests"]!.AsArray()
            .Select(entry => new JournalEntry(entry!["request"]!.AsObject()))
            .OrderBy(entry => entry.LoggedDate)
            .ToList();
    }

    public void Dispose() => _http.Dispose();

    private async Task PostAsync(string path, JsonNode? body)
    {
        using var content = body is null ? null : new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(path, content);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"WireMock admin {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}

/// <summary>One request WireMock received.</summary>
internal sealed class JournalEntry(JsonObject request)
{
    public string Method => (string)request["method"]!;

    public string Url => (string)request["url"]!;

    public string Body => (string?)request["body"] ?? string.Empty;

    public long LoggedDate => (long)request["loggedDate"]!;

    /// <summary>A header's value (values joined by a comma), case-insensitive, or null.</summary>
    public string? Header(string name)
    {
        var headers = request["headers"]?.AsObject();
        var match = headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
        return match switch
        {
            null => null,
            JsonArray values => string.Join(",", values.Select(v => (string?)v)),
            _ => (string?)match,
        };
    }
}
