using System.Net;
using Tixallo.Client.Errors;

namespace Tixallo.Client.Tests.Errors;

/// <summary>
/// What few errors carry lives in one shared object until an error sets it: every value still reads back as set, and
/// a copy made with <c>with</c> never changes the error it was copied from.
/// </summary>
public class ApiErrorTests
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Fields = new Dictionary<string, IReadOnlyList<string>> { ["title"] = ["required"] };
    private static readonly IReadOnlyDictionary<string, string> Params = new Dictionary<string, string> { ["ticketId"] = "tkt_9" };

    [Test]
    public void AnErrorThatSetsNothingSpecific_ReadsTheDefaults()
    {
        var error = ApiError.FromMessage(HttpStatusCode.NotFound, "Not found", ErrorCodes.NotFound);

        Assert.Multiple(() =>
        {
            Assert.That(error.RawBody, Is.Empty);
            Assert.That(error.IsRawBodyTruncated, Is.False);
            Assert.That(error.FieldErrors, Is.Empty);
            Assert.That(error.FormErrors, Is.Empty);
            Assert.That(error.LocalizationKey, Is.Null);
            Assert.That(error.LocalizationParams, Is.Empty);
            Assert.That(error.RetryAfter, Is.Null);
            Assert.That(error.Limit, Is.Null);
            Assert.That(error.Window, Is.Null);
            Assert.That(error.TicketId, Is.Null);
            Assert.That(error.Scope, Is.EqualTo(TixalloRateLimitScope.Unknown));
            Assert.That(error.IsClientSide, Is.False);
        });
    }

    [Test]
    public void EverySpecificValue_ReadsBackAsSet()
    {
        var error = Specific();

        Assert.Multiple(() =>
        {
            Assert.That(error.FieldErrors, Is.SameAs(Fields));
            Assert.That(error.FormErrors, Is.EqualTo(new[] { "form" }));
            Assert.That(error.LocalizationKey, Is.EqualTo("errors.rate_limited"));
            Assert.That(error.LocalizationParams, Is.SameAs(Params));
            Assert.That(error.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(7)));
            Assert.That(error.Limit, Is.EqualTo(60));
            Assert.That(error.Window, Is.EqualTo(TimeSpan.FromMinutes(1)));
            Assert.That(error.TicketId, Is.EqualTo("tkt_9"));
            Assert.That(error.Scope, Is.EqualTo(TixalloRateLimitScope.ApiKey));
            Assert.That(error.IsClientSide, Is.True);
        });
    }

    [Test]
    public void ACopyThatChangesOneValue_KeepsTheOthers_AndLeavesTheOriginalAlone()
    {
        var original = Specific();

        var copy = original with { TicketId = "tkt_10", FormErrors = [] };

        Assert.Multiple(() =>
        {
            Assert.That(copy.TicketId, Is.EqualTo("tkt_10"));
            Assert.That(copy.FormErrors, Is.Empty);
            Assert.That(copy.Limit, Is.EqualTo(60));
            Assert.That(copy.FieldErrors, Is.SameAs(Fields));
            Assert.That(original.TicketId, Is.EqualTo("tkt_9"));
            Assert.That(original.FormErrors, Is.EqualTo(new[] { "form" }));
        });
    }

    [Test]
    public void AValueSetBackToItsDefault_ReadsTheDefault()
    {
        var error = Specific() with { RetryAfter = null, Limit = null, Window = null, LocalizationKey = null, TicketId = null, IsClientSide = false, Scope = TixalloRateLimitScope.Unknown };

        Assert.Multiple(() =>
        {
            Assert.That(error.RetryAfter, Is.Null);
            Assert.That(error.Limit, Is.Null);
            Assert.That(error.Window, Is.Null);
            Assert.That(error.LocalizationKey, Is.Null);
            Assert.That(error.TicketId, Is.Null);
            Assert.That(error.IsClientSide, Is.False);
            Assert.That(error.Scope, Is.EqualTo(TixalloRateLimitScope.Unknown));
        });
    }

    private static ApiError Specific() => new()
    {
        StatusCode = HttpStatusCode.TooManyRequests,
        ErrorCode = "rate_limited",
        Message = "Slow down",
        FieldErrors = Fields,
        FormErrors = ["form"],
        LocalizationKey = "errors.rate_limited",
        LocalizationParams = Params,
        RetryAfter = TimeSpan.FromSeconds(7),
        Limit = 60,
        Window = TimeSpan.FromMinutes(1),
        TicketId = "tkt_9",
        Scope = TixalloRateLimitScope.ApiKey,
        IsClientSide = true,
    };
}
