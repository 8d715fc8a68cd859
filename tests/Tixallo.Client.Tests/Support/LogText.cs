using Microsoft.Extensions.Logging.Testing;

namespace Tixallo.Client.Tests.Support;

/// <summary>
/// What a structured sink could export from a record Microsoft's <c>FakeLogger</c> kept: message, state values,
/// scopes, exception. The state is rendered now, from the live object the logger was handed, not from the strings
/// FakeLogger took at log time: a sink that exports later sees whatever that object holds by then.
/// </summary>
internal static class LogText
{
    public static string AllText(this FakeLogRecord record) =>
        $"{record.Message} | {StateText(record.State)} | {string.Join(", ", (record.StructuredState ?? []).Select(v => $"{v.Key}={v.Value}"))} | " +
        $"{string.Join(" / ", record.Scopes.Select(ScopeText))} | {record.Exception}";

    private static string StateText(object? state) =>
        state is IEnumerable<KeyValuePair<string, object?>> values
            ? string.Join(", ", values.Select(v => $"{v.Key}={v.Value}"))
            : state?.ToString() ?? string.Empty;

    public static string AllText(this FakeLogCollector logs) => string.Join("\n", logs.GetSnapshot().Select(AllText));

    private static string ScopeText(object? scope) =>
        scope is IEnumerable<KeyValuePair<string, object?>> values
            ? $"{scope} [{string.Join(", ", values.Select(v => $"{v.Key}={v.Value}"))}]"
            : scope?.ToString() ?? string.Empty;
}
