using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Tixallo.Client.Testing;

/// <summary>Writes an <see cref="ApiFailure"/> as the legacy, envelope or localised body the API documents.</summary>
internal static class ErrorWriter
{
    public static async Task WriteAsync(HttpContext context, ApiFailure failure, TixalloErrorShape shape)
    {
        var response = context.Response;
        // The planned envelope moves validation failures to 422.
        response.StatusCode = shape == TixalloErrorShape.Envelope && failure.FieldErrors is not null ? 422 : failure.Status;
        response.ContentType = "application/json; charset=utf-8";
        if (failure.RetryAfter is { } retryAfter)
        {
            response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }

        await using var json = new Utf8JsonWriter(response.Body);
        json.WriteStartObject();
        switch (shape)
        {
            case TixalloErrorShape.Envelope:
                WriteEnvelope(json, failure);
                break;
            case TixalloErrorShape.Localized:
                WriteLocalized(json, failure);
                break;
            default:
                WriteLegacy(json, failure);
                break;
        }

        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }

    private static void WriteLegacy(Utf8JsonWriter json, ApiFailure failure)
    {
        json.WriteString("error", failure.Message);
        if (failure.FieldErrors is { } fields)
        {
            json.WriteStartObject("details");
            json.WriteStartObject("fieldErrors");
            foreach (var (field, messages) in fields)
            {
                json.WriteStartArray(field);
                messages.ForEach(json.WriteStringValue);
                json.WriteEndArray();
            }

            json.WriteEndObject();
            json.WriteStartArray("formErrors");
            json.WriteEndArray();
            json.WriteEndObject();
        }

        if (failure.Limit is { } limit)
        {
            json.WriteNumber("limit", limit);
        }

        if (failure.Window is { } window)
        {
            json.WriteNumber("window_seconds", Math.Max(1, (int)Math.Ceiling(window.TotalSeconds)));
        }
    }

    private static void WriteEnvelope(Utf8JsonWriter json, ApiFailure failure)
    {
        json.WriteStartObject("error");
        json.WriteString("code", failure.Code);
        json.WriteString("message", failure.FieldErrors is { Count: > 0 } fields
            ? $"The {fields.First().Key} field is invalid: {fields.First().Value[0]}"
            : failure.Message);
        if (failure.FieldErrors is { } details)
        {
            json.WriteStartObject("details");
            foreach (var (field, messages) in details)
            {
                json.WriteString(field, messages[0]);
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void WriteLocalized(Utf8JsonWriter json, ApiFailure failure)
    {
        json.WriteString("key", failure.Key);
        json.WriteStartObject("params");
        foreach (var (name, value) in failure.Params ?? new Dictionary<string, string>())
        {
            json.WriteString(name, value);
        }

        json.WriteEndObject();
        json.WriteString("fallbackMessage", failure.Message.EndsWith('.') ? failure.Message : failure.Message + ".");
    }
}
