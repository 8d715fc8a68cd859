using System.Globalization;

namespace Tixallo.Client.FakeServer;

/// <summary>
/// The tool's command line. Parsed by hand: six options do not need a parser package, and the tool then depends on
/// nothing but the fake itself.
/// </summary>
internal sealed record FakeCommandLine
{
    public const string Usage = """
        tixallo-fake: the fake Tixallo API on 127.0.0.1, until Ctrl+C (or SIGTERM).

          --port <n>              the API's port (default 0: a free one)
          --control-port <n>      the control API's port (default 0: a free one)
          --rate-limit <n>        requests per minute per key before 429 (default 60)
          --error-shape <shape>   legacy | envelope | localized (default legacy)
          --workspace <id>        the workspace of the printed key (default ws_default)
          --exit-with-stdin       also stop when standard input closes (a parent process that dies takes the fake with it)

        Prints, one per line: base-address: <url>, api-key: <key>, control-address: <url>.
        """;

    public int Port { get; private init; }

    public int ControlPort { get; private init; }

    public int RateLimitPerMinute { get; private init; } = 60;

    public TixalloErrorShape ErrorShape { get; private init; } = TixalloErrorShape.Legacy;

    public string Workspace { get; private init; } = "ws_default";

    public bool ExitWithStdin { get; private init; }

    /// <summary>The options in <paramref name="args"/>, or the reason they are not valid.</summary>
    public static (FakeCommandLine? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        var options = new FakeCommandLine();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name == "--exit-with-stdin")
            {
                options = options with { ExitWithStdin = true };
                continue;
            }

            if (i + 1 >= args.Count)
            {
                return (null, $"{name} needs a value, or is not an option.");
            }

            var value = args[++i];
            (options, var error) = name switch
            {
                "--port" => PortOf(value) is { } port ? (options with { Port = port }, null) : (options, $"{name}: '{value}' is not a port (0 to 65535)."),
                "--control-port" => PortOf(value) is { } port ? (options with { ControlPort = port }, null) : (options, $"{name}: '{value}' is not a port (0 to 65535)."),
                "--rate-limit" => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit > 0
                    ? (options with { RateLimitPerMinute = limit }, null)
                    : (options, $"{name}: '{value}' is not a positive whole number."),
                "--error-shape" => ShapeOf(value) is { } shape ? (options with { ErrorShape = shape }, (string?)null) : (options, $"{name}: '{value}' is not legacy, envelope or localized."),
                "--workspace" => string.IsNullOrWhiteSpace(value) ? (options, $"{name} needs a workspace id.") : (options with { Workspace = value }, null),
                _ => (options, $"'{name}' is not an option."),
            };
            if (error is not null)
            {
                return (null, error);
            }
        }

        return (options, null);
    }

    /// <summary>The error shape a control request or the command line names, or null.</summary>
    public static TixalloErrorShape? ShapeOf(string? name) => name?.ToLowerInvariant() switch
    {
        "legacy" => TixalloErrorShape.Legacy,
        "envelope" => TixalloErrorShape.Envelope,
        "localized" => TixalloErrorShape.Localized,
        _ => null,
    };

    private static int? PortOf(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535 ? port : null;
}
