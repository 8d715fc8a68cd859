using System.Net;
using Tixallo.Client.Errors;
using static Tixallo.Client.Tests.Errors.ErrorDecoderTests;

namespace Tixallo.Client.Tests.Errors;

/// <summary>
/// What few errors carry is one object the rest share: an ordinary error decodes to the shared empty one, and any
/// one value present makes its own, which reads it back (and the collections not given as empty, never null).
/// </summary>
public class ErrorSpecificsTests
{
    [TestCase(404, """{"error": "Not found"}""", TestName = "legacy")]
    [TestCase(500, """{"error": {"code": "internal", "message": "Boom"}}""", TestName = "envelope")]
    [TestCase(502, "<html>Bad Gateway</html>", TestName = "not JSON")]
    [TestCase(503, "", TestName = "empty")]
    public void AnOrdinaryError_SharesTheEmptySpecifics(int status, string body)
    {
        var error = Decode(status, body);

        Assert.That(error.Error.Specifics, Is.SameAs(ErrorSpecifics.None));
    }

    [Test]
    public void AnErrorBuiltByHand_HasNoSpecifics_AndAnEmptyRawBody()
    {
        var error = new TixalloApiException(HttpStatusCode.NotFound, "Not found");

        Assert.Multiple(() =>
        {
            Assert.That(error.Error.Specifics, Is.SameAs(ErrorSpecifics.None));
            Assert.That(error.RawBody, Is.Empty);
            Assert.That(error.IsRawBodyTruncated, Is.False);
            Assert.That(error.FieldErrors, Is.Empty);
            Assert.That(error.FormErrors, Is.Empty);
            Assert.That(error.LocalizationParams, Is.Empty);
        });
    }

    [Test]
    public void NothingPresent_IsTheSharedEmptyOne() =>
        Assert.That(ErrorSpecifics.Of(null, null, null, null, null, null, null, null, TixalloRateLimitScope.Unknown, isClientSide: false), Is.SameAs(ErrorSpecifics.None));

    [Test]
    public void EachValueAlone_MakesSpecificsOfItsOwn_ThatReadIt()
    {
        var fields = new Dictionary<string, IReadOnlyList<string>> { ["title"] = ["required"] };
        var parameters = new Dictionary<string, string> { ["ticketId"] = "tkt_9" };
        var none = TixalloRateLimitScope.Unknown;

        var made = new (ErrorSpecifics Specifics, Func<ErrorSpecifics, object?> Read, object Expected)[]
        {
            (ErrorSpecifics.Of(fields, null, null, null, null, null, null, null, none, false), s => s.FieldErrors, fields),
            (ErrorSpecifics.Of(null, ["form"], null, null, null, null, null, null, none, false), s => s.FormErrors, new[] { "form" }),
            (ErrorSpecifics.Of(null, null, "errors.x", null, null, null, null, null, none, false), s => s.LocalizationKey, "errors.x"),
            (ErrorSpecifics.Of(null, null, null, parameters, null, null, null, null, none, false), s => s.LocalizationParams, parameters),
            (ErrorSpecifics.Of(null, null, null, null, TimeSpan.FromSeconds(7), null, null, null, none, false), s => s.RetryAfter, TimeSpan.FromSeconds(7)),
            (ErrorSpecifics.Of(null, null, null, null, null, 60, null, null, none, false), s => s.Limit, 60),
            (ErrorSpecifics.Of(null, null, null, null, null, null, TimeSpan.FromMinutes(1), null, none, false), s => s.Window, TimeSpan.FromMinutes(1)),
            (ErrorSpecifics.Of(null, null, null, null, null, null, null, "tkt_9", none, false), s => s.TicketId, "tkt_9"),
            (ErrorSpecifics.Of(null, null, null, null, null, null, null, null, TixalloRateLimitScope.ApiKey, false), s => s.Scope, TixalloRateLimitScope.ApiKey),
            (ErrorSpecifics.Of(null, null, null, null, null, null, null, null, none, true), s => s.IsClientSide, true),
        };

        Assert.Multiple(() =>
        {
            foreach (var (specifics, read, expected) in made)
            {
                Assert.That(specifics, Is.Not.SameAs(ErrorSpecifics.None));
                Assert.That(read(specifics), Is.EqualTo(expected));
                Assert.That(new object?[] { specifics.FieldErrors, specifics.FormErrors, specifics.LocalizationParams }, Has.None.Null, "the collections not given are empty");
            }
        });
    }

    [Test]
    public void AMergedTicketsError_KeepsTheConflictsOtherSpecifics_AndLeavesTheConflictAlone()
    {
        var conflict = (TixalloConflictException)Decode(409, """{"key": "api-errors.conflict", "params": {"reason": "merged"}, "fallbackMessage": "Conflict."}""");

        var merged = Failures.TicketMerged(conflict, "tkt_5");

        Assert.Multiple(() =>
        {
            Assert.That(merged.TicketId, Is.EqualTo("tkt_5"));
            Assert.That(merged.LocalizationKey, Is.EqualTo("api-errors.conflict"));
            Assert.That(merged.LocalizationParams["reason"], Is.EqualTo("merged"));
            Assert.That(conflict.Error.TicketId, Is.Null);
        });
    }
}
