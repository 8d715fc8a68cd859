using System.Text;
using System.Text.Json;
using Tixallo.Client.Serialization;

namespace Tixallo.Client.Tests.Serialization;

public class TolerantEnumConverterTests
{
    [TestCase("\"open\"", TicketStatus.Open)]
    [TestCase("\"pending\"", TicketStatus.Pending)]
    [TestCase("\"closed\"", TicketStatus.Closed)]
    [TestCase("\"Solved\"", TicketStatus.Solved)]
    [TestCase("\"PENDING\"", TicketStatus.Pending)]
    [TestCase("\"p\\u0065nding\"", TicketStatus.Pending)]
    public void AMembersName_InAnySpelling_ReadsAsThatMember(string json, TicketStatus expected) =>
        Assert.That(Read<TicketStatus>(json), Is.EqualTo(expected));

    [TestCase("\"in_progress\"", MessageAuthorType.Unknown)]
    [TestCase("\"agent\"", MessageAuthorType.Agent)]
    [TestCase("\"CUSTOMER\"", MessageAuthorType.Customer)]
    public void AnotherEnum_ReadsItsOwnMembers(string json, MessageAuthorType expected) =>
        Assert.That(Read<MessageAuthorType>(json), Is.EqualTo(expected));

    // Enum.TryParse would read "open,pending" as Open | Pending, a third member, and "2" as a number.
    [TestCase("\"open,pending\"")]
    [TestCase("\"open, pending\"")]
    [TestCase("\"2\"")]
    [TestCase("\" open\"")]
    [TestCase("\"\"")]
    [TestCase("\"archived\"")]
    [TestCase("2")]
    [TestCase("null")]
    [TestCase("{\"a\":1}")]
    public void AnythingElse_ReadsAsUnknown(string json) =>
        Assert.That(Read<TicketStatus>(json), Is.EqualTo(TicketStatus.Unknown));

    [Test]
    public void ANonStringValue_IsSkipped_SoTheReaderGoesOn()
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes("[{\"a\":[1,2]},\"open\"]"));
        reader.Read();
        reader.Read();

        var first = new TolerantEnumConverter<TicketStatus>().Read(ref reader, typeof(TicketStatus), JsonSerializerOptions.Default);
        reader.Read();
        var second = new TolerantEnumConverter<TicketStatus>().Read(ref reader, typeof(TicketStatus), JsonSerializerOptions.Default);

        Assert.That((first, second), Is.EqualTo((TicketStatus.Unknown, TicketStatus.Open)));
    }

    private static TEnum Read<TEnum>(string json)
        where TEnum : struct, Enum
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        return new TolerantEnumConverter<TEnum>().Read(ref reader, typeof(TEnum), JsonSerializerOptions.Default);
    }
}
