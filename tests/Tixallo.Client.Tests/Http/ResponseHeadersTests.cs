using System.Text;
using Tixallo.Client.Http;

namespace Tixallo.Client.Tests.Http;

/// <summary>What a response's headers say: the wait asked for, the echoed correlation id, the body's charset.</summary>
public class ResponseHeadersTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    [TestCase("1500", 1500)]
    [TestCase("1500.5", 1500.5)]
    [TestCase(" 250 ", 250)]
    [TestCase("0", 0)]
    public void RetryAfterMs_IsAWaitInMilliseconds(string value, double milliseconds)
    {
        Assert.That(RetryAfter(("retry-after-ms", value)), Is.EqualTo(TimeSpan.FromMilliseconds(milliseconds)));
    }

    [TestCase("abc")]
    [TestCase("-5")]
    [TestCase("1e3")]
    [TestCase("NaN")]
    [TestCase("Infinity")]
    [TestCase("1,5")]
    [TestCase("99999999999999999999999999")]
    [TestCase("922337203685477.5807")]
    [TestCase("")]
    public void AMalformedRetryAfterMs_CountsAsAbsent_AndRetryAfterIsRead(string value)
    {
        Assert.That(RetryAfter(("retry-after-ms", value)), Is.Null);
        Assert.That(RetryAfter(("retry-after-ms", value), ("Retry-After", "7")), Is.EqualTo(TimeSpan.FromSeconds(7)));
    }

    [Test]
    public void RetryAfterMs_WinsOverRetryAfter_AndItsFirstValueCounts()
    {
        Assert.That(RetryAfter(("retry-after-ms", "300"), ("Retry-After", "7")), Is.EqualTo(TimeSpan.FromMilliseconds(300)));
        Assert.That(RetryAfter(("retry-after-ms", "300"), ("retry-after-ms", "900")), Is.EqualTo(TimeSpan.FromMilliseconds(300)));
    }

    [Test]
    public void RetryAfter_AsADate_IsTheTimeUntilIt_ZeroWhenItIsNow_AbsentWhenPast()
    {
        Assert.That(RetryAfter(("Retry-After", Now.AddSeconds(90).ToString("R"))), Is.EqualTo(TimeSpan.FromSeconds(90)));
        Assert.That(RetryAfter(("Retry-After", Now.ToString("R"))), Is.EqualTo(TimeSpan.Zero));
        Assert.That(RetryAfter(("Retry-After", Now.AddSeconds(-1).ToString("R"))), Is.Null);
    }

    [TestCase("-3")]
    [TestCase("soon")]
    [TestCase("")]
    public void AMalformedRetryAfter_CountsAsAbsent(string value)
    {
        Assert.That(RetryAfter(("Retry-After", value)), Is.Null);
    }

    [Test]
    public void NoWaitHeader_IsNoWait()
    {
        Assert.That(RetryAfter(), Is.Null);
    }

    [Test]
    public void TheEchoedCorrelationId_IsTheOneValidValue()
    {
        Assert.That(Echoed(("x-correlation-id", "corr-7")), Is.EqualTo("corr-7"));
        Assert.That(Echoed(("x-correlation-id", "a"), ("x-correlation-id", "b")), Is.Null, "two echoes: neither is the call's");
        Assert.That(Echoed(("x-correlation-id", new string('x', 257))), Is.Null, "too long");
        Assert.That(Echoed(("x-correlation-id", "caf\u00e9")), Is.Null, "not ASCII");
        Assert.That(Echoed(), Is.Null);
    }

    [TestCase("text/plain; charset=iso-8859-1", 28591)]
    [TestCase("text/plain; CHARSET=ISO-8859-1", 28591)]
    [TestCase("text/plain; charset=\"utf-16\"", 1200)]
    [TestCase("text/plain; charset=utf-16; other=y", 1200)]
    [TestCase("text/plain;charset= latin1 ;format=flowed", 28591)]
    [TestCase("charset=latin1", 28591)]
    [TestCase("text/plain; charset=", 65001)]
    [TestCase("text/plain; charset=;format=flowed", 65001)]
    [TestCase("text/plain", 65001)]
    public void EncodingOf_ReadsTheCharsetParameter_Unquoted_Trimmed_UpToTheNextParameter(string? contentType, int codePage)
    {
        Assert.That(ResponseHeaders.EncodingOf(contentType).CodePage, Is.EqualTo(codePage));
    }

    [TestCase("application/json", 65001)]
    [TestCase("application/json; charset=utf-8", 65001)]
    [TestCase("application/json; charset=UTF-8", 65001)]
    [TestCase("application/json; charset=iso-8859-1", 28591)]
    [TestCase("application/json; charset=\"us-ascii\"", 20127)]
    [TestCase("application/json; charset=x-klingon", 65001)]
    [TestCase(null, 65001)]
    public void EncodingOf_IsTheNamedEncoding_ElseUtf8(string? contentType, int codePage)
    {
        Assert.That(ResponseHeaders.EncodingOf(contentType).CodePage, Is.EqualTo(codePage));
    }

    [Test]
    public void EncodingOf_Utf8_IsTheSharedInstance()
    {
        Assert.That(ResponseHeaders.EncodingOf("application/json; charset=utf-8"), Is.SameAs(Encoding.UTF8));
        Assert.That(ResponseHeaders.EncodingOf("application/json"), Is.SameAs(Encoding.UTF8));
        Assert.That(ResponseHeaders.TextEncoding("UTF-8"), Is.SameAs(Encoding.UTF8));
    }

    [TestCase("iso-8859-1", 28591)]
    [TestCase(" \"iso-8859-1\" ", 28591)]
    [TestCase("utf-16", 1200)]
    [TestCase("x-klingon", 65001)]
    [TestCase("", 65001)]
    [TestCase("   ", 65001)]
    [TestCase(null, 65001)]
    public void TextEncoding_IsTheNamedEncoding_ElseUtf8(string? charset, int codePage)
    {
        Assert.That(ResponseHeaders.TextEncoding(charset).CodePage, Is.EqualTo(codePage));
    }

    private static TimeSpan? RetryAfter(params (string Name, string Value)[] headers) =>
        ResponseHeaders.RetryAfter(Response(headers).Headers, Now);

    private static string? Echoed(params (string Name, string Value)[] headers) =>
        ResponseHeaders.EchoedCorrelationId(Response(headers).Headers);

    private static HttpResponseMessage Response((string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(System.Net.HttpStatusCode.TooManyRequests);
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }
}
