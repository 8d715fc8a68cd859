using System.Text.RegularExpressions;

namespace Tixallo.Client.Tests.Conventions;

/// <summary>
/// Dependencies point down only (CONTRIBUTING.md): a folder of <c>src/Tixallo.Client</c> imports the internal namespaces
/// of the folders below it, never of one above it or beside it. Read from the source, as a newcomer reads it.
/// </summary>
public partial class LayeringTests
{
    /// <summary>Top to bottom; the folders of one row are siblings and do not import each other. The root folder is "".</summary>
    internal static readonly string[][] Layers =
    [
        ["DependencyInjection"],
        [""],
        ["Tickets", "Messages", "Templates", "Attachments"],
        ["Serialization"],
        ["Pagination"],
        ["Transport"],
        ["Resilience"],
        ["Diagnostics"],
        ["Errors"],
        ["Http"],
        ["Options"],
        ["Platform"],
    ];

    [Test]
    public void EveryFolder_HasItsPlaceInTheLayers()
    {
        var folders = Directory.GetDirectories(SourceRoot()).Select(Path.GetFileName)
            .Where(d => d is not ("bin" or "obj" or "PublicAPI"))
            .Order().ToList();

        Assert.That(folders, Is.EquivalentTo(Layers.SelectMany(l => l).Where(f => f.Length > 0)));
    }

    [Test]
    public void NoFolder_ImportsOneAboveOrBesideIt()
    {
        var layerOf = Layers.SelectMany((folders, layer) => folders.Select(f => (f, layer))).ToDictionary(p => p.f, p => p.layer);
        var violations = new List<string>();
        foreach (var file in Directory.EnumerateFiles(SourceRoot(), "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var relative = Path.GetRelativePath(SourceRoot(), file);
            var folder = relative.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal) ? relative[..relative.IndexOf(Path.DirectorySeparatorChar, StringComparison.Ordinal)] : string.Empty;
            foreach (Match import in InternalImport().Matches(File.ReadAllText(file)))
            {
                var imported = import.Groups[1].Value;
                if (imported != folder && layerOf.TryGetValue(imported, out var below) && below <= layerOf[folder])
                {
                    violations.Add($"{relative} imports Tixallo.Client.{imported}");
                }
            }
        }

        Assert.That(violations, Is.Empty);
    }

    [Test]
    public void TheLayeringTest_NoticesAnImportFromAbove()
    {
        Assert.That(InternalImport().Match("using Tixallo.Client.Transport;").Groups[1].Value, Is.EqualTo("Transport"));
        Assert.That(InternalImport().IsMatch("using Tixallo.Client;"), Is.False, "the public namespace is everybody's");
    }

    internal static string SourceRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var source = Path.Combine(directory.FullName, "src", "Tixallo.Client");
            if (Directory.Exists(source))
            {
                return source;
            }
        }

        throw new InvalidOperationException("src/Tixallo.Client not found above the test's directory.");
    }

    [GeneratedRegex(@"^\s*using\s+Tixallo\.Client\.([A-Za-z]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex InternalImport();
}
