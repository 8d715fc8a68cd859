using System.Text.Json;

namespace Tixallo.Client.Serialization;

/// <summary>
/// The null check behind the models' non-nullable fields. <c>[JsonRequired]</c> makes a field's absence an error;
/// an explicit <c>null</c> needs this check on net8.0, where System.Text.Json cannot respect nullable annotations.
/// </summary>
internal static class RequiredField
{
    public static void NotNull(object? value, string wireName)
    {
        if (value is null)
        {
            throw new JsonException($"The required field '{wireName}' is null.");
        }
    }
}
