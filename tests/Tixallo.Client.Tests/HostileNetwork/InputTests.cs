using System.Net;
using Tixallo.Client.Tests.Support;

namespace Tixallo.Client.Tests.HostileNetwork;

/// <summary>Settings and arguments that would send the wrong thing, or too much, are refused before anything is sent.</summary>
[Category("HostileNetwork")]
public class InputTests
{
    [TestCase("https://api.test.tixallo.com/v1?token=x", "query")]
    [TestCase("https://api.test.tixallo.com/v1/?token=x", "query")]
    [TestCase("https://api.test.tixallo.com/v1/#frag", "fragment")]
    [TestCase("https://user:hunter2@api.test.tixallo.com/v1/", "user information")]
    public void BaseAddressWithQueryFragmentOrUserInfo_IsRefused(string address, string what)
    {
        var options = TestClients.Options(configure: o => o.BaseAddress = new Uri(address));

        var error = Assert.Throws<ArgumentException>(() => new TixalloClient(options));

        Assert.That(error!.ParamName, Is.EqualTo("options"));
        Assert.That(error.Message, Does.Contain("BaseAddress").And.Contain(what));
        Assert.That(options.ToString(), Does.Not.Contain("hunter2").And.Not.Contain("token=x"));
    }

    // Built at run time: an attribute argument cannot hold a lone surrogate (metadata strings are UTF-8).
    private static readonly string LoneHigh = ((char)0xD800).ToString();
    private static readonly string LoneLow = ((char)0xDC00).ToString();

    private static IEnumerable<TestCaseData> BadFileNames() =>
    [
        new TestCaseData("log\r\nX-Injected: 1.txt").SetName("FileName_CrLf_IsAnArgumentException"),
        new TestCaseData("log\n.txt").SetName("FileName_Lf_IsAnArgumentException"),
        new TestCaseData("bad" + LoneHigh + ".txt").SetName("FileName_LoneSurrogate_IsAnArgumentException"),
    ];

    private static IEnumerable<TestCaseData> BadIds() =>
    [
        new TestCaseData("tkt_" + LoneHigh).SetName("Id_TrailingLoneHighSurrogate_IsRefused"),
        new TestCaseData(LoneLow + "tkt").SetName("Id_LeadingLoneLowSurrogate_IsRefused"),
        new TestCaseData("tkt" + LoneHigh + "x").SetName("Id_InnerLoneHighSurrogate_IsRefused"),
    ];

    [TestCaseSource(nameof(BadFileNames))]
    public void UploadFileNameWithControlCharactersOrLoneSurrogates_IsAnArgumentException(string fileName)
    {
        using var stub = new StubHandler();
        using var client = TestClients.Create(stub);
        using var file = new MemoryStream([1, 2, 3]);

        var error = Assert.Throws<ArgumentException>(() => client.Attachments.UploadAsync("tkt_1", file, fileName, "text/plain"));

        Assert.That(error!.ParamName, Is.EqualTo("fileName"));
        Assert.That(stub.Requests, Is.Empty);
    }

    [TestCaseSource(nameof(BadIds))]
    public void IdWithALoneSurrogate_IsRefused_NotSentAsAnotherId(string id)
    {
        using var stub = new StubHandler();
        using var client = TestClients.Create(stub);

        var error = Assert.Throws<ArgumentException>(() => client.Tickets.GetAsync(id));

        Assert.That(error!.ParamName, Is.EqualTo("ticketId"));
        Assert.That(stub.Requests, Is.Empty);
    }

    [Test]
    public async Task IdWithASurrogatePair_IsSentEscaped()
    {
        using var stub = new StubHandler();
        stub.Respond(HttpStatusCode.OK, Payloads.Ticket());
        using var client = TestClients.Create(stub);

        await client.Tickets.GetAsync("tkt_\ud83d\ude00");

        Assert.That(stub.Requests.Single().Uri.AbsolutePath, Is.EqualTo("/v1/tickets/tkt_%F0%9F%98%80"));
    }

    [TestCase(int.MaxValue, 1000, "MaxRetries")]
    [TestCase(11, 1000, "MaxRetries")]
    [TestCase(4, 0, "BaseDelay")]
    public void RetrySettingsThatWouldFloodTheApi_AreRefused(int maxRetries, int baseDelayMs, string setting)
    {
        var options = TestClients.Options(configure: o =>
        {
            o.Retry.MaxRetries = maxRetries;
            o.Retry.BaseDelay = TimeSpan.FromMilliseconds(baseDelayMs);
        });

        var error = Assert.Throws<ArgumentException>(() => new TixalloClient(options));

        Assert.That(error!.Message, Does.Contain(setting));
    }
}
