using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

namespace Tixallo.Client.Http;

/// <summary>The <c>User-Agent</c> every request sends: <c>Tixallo.Client/&lt;version&gt; (.NET &lt;runtime&gt;; &lt;os&gt;)</c>.</summary>
internal static class UserAgent
{
    /// <summary>The SDK's version, without the source revision the SDK appends to the informational version.</summary>
    public static string SdkVersion { get; } = ReadSdkVersion();

    // Declared after SdkVersion: static initialisers run in textual order.
    public static readonly string Value = Create();

    private static string Create() =>
        $"Tixallo.Client/{SdkVersion} (.NET {Environment.Version}; {Sanitize(RuntimeInformation.OSDescription)})";

    private static string ReadSdkVersion()
    {
        var version = typeof(UserAgent).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }

    /// <summary>Keeps an OS description to characters that are safe inside a User-Agent comment.</summary>
    private static string Sanitize(string text)
    {
        var safe = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is ' ' or '.' or '-' or '_' or '/')
            {
                safe.Append(c);
            }
        }

        return safe.ToString().Trim();
    }
}
