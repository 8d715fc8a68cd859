using System.Text.RegularExpressions;

namespace Tixallo.Samples.Tests;

/// <summary>The README's commands and code come from code that runs.</summary>
public partial class ReadmeTests
{
    private static readonly string Root = FindRoot();

    [Test]
    public void Readme_OpensWithTheDemoAndTestCommands()
    {
        var firstBlock = CodeBlocks(File.ReadAllText(Path.Combine(Root, "README.md"))).First();

        Assert.That(firstBlock, Does.Contain("dotnet run --project samples/Tixallo.Samples.Quickstart"));
        Assert.That(firstBlock, Does.Contain("bash .ci/test"));
    }

    [Test]
    public void TheTestCommand_InstallsWhatIsMissing_ThenRunsEveryTest()
    {
        var script = File.ReadAllText(Path.Combine(Root, ".ci", "test"));

        // Each tool a test needs, installed when its command is missing: redis-server (Redis tests), mono (net48 tests).
        Assert.That(script, Does.Contain("command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)"));
        Assert.That(script, Does.Contain("command -v mono >/dev/null 2>&1 || missing+=(mono-complete)"));
        Assert.That(script, Does.Contain("apt-get install -y -qq \"${missing[@]}\""));
        Assert.That(Regex.IsMatch(script, @"^dotnet test Tixallo\.Client\.sln -c Release ""\$@""$", RegexOptions.Multiline), Is.True);
    }

    [Test]
    public void Readme_CatchLadder_IsTheOneInTheErrorHandlingSample()
    {
        var sample = File.ReadAllText(Path.Combine(Root, "samples", "Tixallo.Samples.ErrorHandling", "Errors.cs"));
        var ladder = Regex.Match(sample, @"// <catch-ladder>\r?\n(.*?)\r?\n\s*// </catch-ladder>", RegexOptions.Singleline).Groups[1].Value;
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));

        Assert.That(ladder, Is.Not.Empty);
        Assert.That(Normalize(readme), Does.Contain(Normalize(ladder)), "copy the <catch-ladder> region of Errors.cs into README.md");
    }

    [TestCase("Tixallo.Samples.ErrorHandling", "CallControl.cs", "with-options")]
    [TestCase("Tixallo.Samples.ErrorHandling", "CallControl.cs", "resume-pages")]
    [TestCase("Tixallo.Samples.RateLimits", "Budget.cs", "rate-limits")]
    [TestCase("Tixallo.Samples.DependencyInjection", "DependencyInjectionSample.cs", "named-clients")]
    public void Readme_Snippets_AreTheOnesInTheSamples(string project, string file, string region)
    {
        var sample = File.ReadAllText(Path.Combine(Root, "samples", project, file));
        var snippet = Regex.Match(sample, $@"// <{region}>\r?\n(.*?)\r?\n\s*// </{region}>", RegexOptions.Singleline).Groups[1].Value;
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));

        Assert.That(snippet, Is.Not.Empty);
        Assert.That(Normalize(readme), Does.Contain(Normalize(snippet)), $"copy the <{region}> region of {file} into README.md");
    }

    [Test]
    public void CiScript_RunsTheReadmeTestCommand()
    {
        var ci = File.ReadAllText(Path.Combine(Root, ".ci", "run"));

        Assert.That(Regex.IsMatch(ci, @"^(PATH=""\$bare"" )?bash \.ci/test( \|\||$)", RegexOptions.Multiline), Is.True,
            ".ci/run runs the README's exact test command (on a PATH it may have narrowed)");
    }

    private static IEnumerable<string> CodeBlocks(string markdown) =>
        CodeBlock().Matches(markdown).Select(m => m.Groups[1].Value);

    private static string Normalize(string code) => string.Join("\n", code.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Tixallo.Client.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Tixallo.Client.sln not found.");
    }

    [GeneratedRegex("```[a-z]*\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();
}
