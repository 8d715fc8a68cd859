namespace Tixallo.Client;

/// <summary>
/// An API key that can be replaced while clients use it, for key rotation without a restart (as
/// System.ClientModel's <c>ApiKeyCredential</c> and Azure's <c>AzureKeyCredential</c> do). Pass it as
/// <see cref="TixalloClientOptions.Credential"/>; every attempt reads the key anew, so a retry after a 401 from a
/// rotation already sends the new key. Thread-safe; the key is in no <see cref="ToString"/>.
/// </summary>
/// <example>
/// <code>
/// var credential = new TixalloApiKeyCredential(currentKey);
/// var client = new TixalloClient(new TixalloClientOptions { Credential = credential });
/// // later, when the key is rotated:
/// credential.Update(newKey);
/// </code>
/// </example>
public sealed class TixalloApiKeyCredential
{
    // One immutable header value per key, swapped whole: a reader sees the old key or the new one, never a mix. A string
    // (checked here), so each attempt adds it as is: a typed header value costs the request a parsed-value entry.
    private volatile string _authorization;

    /// <summary>Creates a credential holding <paramref name="key"/>.</summary>
    /// <param name="key">The API key (<c>tx_live_…</c>): visible ASCII characters only.</param>
    /// <exception cref="ArgumentException">The key is null, empty, white space, or holds characters a header cannot carry.</exception>
    public TixalloApiKeyCredential(string key)
    {
        _authorization = HeaderFor(key, nameof(key));
    }

    /// <summary>Replaces the key; attempts that start after this call send the new one.</summary>
    /// <param name="key">The new API key: visible ASCII characters only.</param>
    /// <exception cref="ArgumentException">The key is null, empty, white space, or holds characters a header cannot carry; the old key stays.</exception>
    public void Update(string key) => _authorization = HeaderFor(key, nameof(key));

    /// <summary>The <c>Authorization</c> value for the key at hand: <c>Bearer</c> and the key.</summary>
    internal string Authorization => _authorization;

    /// <inheritdoc />
    public override string ToString() => "TixalloApiKeyCredential { Key = (set) }";

    /// <summary>Whether every character of <paramref name="key"/> can go in a header: visible ASCII, no space.</summary>
    internal static bool IsSendable(string key) => key.All(c => c is >= '!' and <= '~');

    private static string HeaderFor(string key, string paramName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key, paramName);
        if (!IsSendable(key))
        {
            throw new ArgumentException("The API key holds characters that cannot be sent in a header (only visible ASCII, no space).", paramName);
        }

        return "Bearer " + key;
    }
}
