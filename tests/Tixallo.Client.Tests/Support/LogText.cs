using Microsoft.Extensions.Logging.Testing;

namespace Tixallo.Client.Tests.Support;

/// <summary>What a structured sink could export from a record Microsoft's <c>FakeLogger</c> kept: message, state values, scopes, exception.</summary>
internal static class LogText
{
    public static string AllText(this FakeLogRecord record) =>
        $"{record.Message} | {string.Join(", ", (record.StructuredState ?? []).Select(v => $"{v.Key}={v.Value}"))} | " +
        $"{string.Join(" / ", record.Scopes.Select(ScopeText))} | {record.Exception}";

    public static string AllText(this FakeLogCollector logs) => string.Join("\n", logs.GetSnapshot().Select(AllText));

    private static string ScopeText(object? scope) =>
        scope is IEnumerable<KeyValuePair<string, object?>> values
            ? $"{scope} [{string.Join(", ", values.Select(v => $"{v.Key}={v.Value}"))}]"
            : scope?.ToString() ?? string.Empty;
}
