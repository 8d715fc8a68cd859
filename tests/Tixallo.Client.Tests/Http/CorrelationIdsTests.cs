using System.Text.RegularExpressions;
using Tixallo.Client.Http;

namespace Tixallo.Client.Tests.Http;

public partial class CorrelationIdsTests
{
    [Test]
    public void ANewId_Is32LowercaseHexDigits_AndValid()
    {
        var id = CorrelationIds.New();

        Assert.That(HexId().IsMatch(id), Is.True, id);
        Assert.That(CorrelationIds.IsValid(id), Is.True);
    }

    [Test]
    public void NewIds_DoNotRepeat_AndUseEveryDigit()
    {
        var ids = Enumerable.Range(0, 2_000).Select(_ => CorrelationIds.New()).ToList();

        Assert.That(ids.Distinct().Count(), Is.EqualTo(ids.Count));
        Assert.That(ids.SelectMany(id => id).Distinct().Order(), Is.EqualTo("0123456789abcdef"));
        // Every position varies: no digit is fixed by how the random bits are laid out.
        Assert.That(Enumerable.Range(0, 32).All(i => ids.Select(id => id[i]).Distinct().Count() > 8), Is.True);
    }

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex HexId();
}
