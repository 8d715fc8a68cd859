using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Tixallo.Client.Testing;

/// <summary>The fake's API keys: each belongs to one workspace and can be revoked.</summary>
internal sealed class ApiKeys
{
    private readonly ConcurrentDictionary<string, string> _workspaces = new(StringComparer.Ordinal);

    public string Create(string workspaceId)
    {
        var key = "tx_test_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();
        _workspaces[key] = workspaceId;
        return key;
    }

    public void Revoke(string key) => _workspaces.TryRemove(key, out _);

    public string? WorkspaceOf(string key) => _workspaces.GetValueOrDefault(key);
}
