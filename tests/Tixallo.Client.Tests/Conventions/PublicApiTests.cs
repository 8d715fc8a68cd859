namespace Tixallo.Client.Tests.Conventions;

/// <summary>
/// The exported surface must match <c>api/Tixallo.Client.txt</c>, so every API change shows in review as a diff
/// of that file. After a deliberate change, run the tests with <c>TIXALLO_ACCEPT_API=1</c> to rewrite it.
/// </summary>
public class PublicApiTests
{
    [Test]
    public void PublicSurface_MatchesTheCheckedInListing()
    {
        var listing = Path.Combine(RepositoryRoot(), "api", "Tixallo.Client.txt");
        var actual = PublicApi.Describe(typeof(TixalloClient).Assembly);
        if (Environment.GetEnvironmentVariable("TIXALLO_ACCEPT_API") == "1")
        {
            File.WriteAllText(listing, actual);
        }

        Assert.That(File.Exists(listing), Is.True, $"{listing} is missing; run the tests with TIXALLO_ACCEPT_API=1 to write it.");
        Assert.That(actual, Is.EqualTo(File.ReadAllText(listing).ReplaceLineEndings("\n")),
            "The public API changed. If that is deliberate, run the tests with TIXALLO_ACCEPT_API=1 and commit api/Tixallo.Client.txt.");
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Tixallo.Client.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Tixallo.Client.sln not found above the test directory.");
    }
}
