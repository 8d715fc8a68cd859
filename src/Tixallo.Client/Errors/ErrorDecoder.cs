using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Tixallo.Client.Http;

namespace Tixallo.Client.Errors;

/// <summary>
/// Turns an error response (status, headers, body bytes) into the matching <see cref="TixalloApiException"/>.
/// The shape is recognised from the body, never from the status; whatever the bytes, it returns a typed
/// exception and throws nothing.
/// </summary>
internal static class ErrorDecoder
{
    /// <summary>The most body bytes read of an error answer (inside the attempt); a longer body is kept as raw text only.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    private const int MaxJsonDepth = 16;
    private static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = MaxJsonDepth };

    /// <summary>
    /// Reads an error answer's body, at most <see cref="MaxBodyBytes"/> (the rest cut), into a pooled buffer, decodes it,
    /// and gives the buffer back: the exception keeps what it needs as text, and the response (disposed by whoever holds
    /// it) keeps no body.
    /// </summary>
    public static async ValueTask<TixalloApiException> DecodeAsync(HttpResponseMessage response, ErrorContext context, CancellationToken cancellationToken)
    {
        var body = await BufferedContent.ReadBodyAsync(response.Content, MaxBodyBytes, truncate: true, cancellationToken).ConfigureAwait(false);
        try
        {
            return Decode(response.StatusCode, response.Headers, ResponseHeaders.EncodingOf(body.ContentType), body.Bytes, body.IsTruncated, context);
        }
        finally
        {
            // Stryker disable once Statement : a buffer not given back is collected, and the pool rents out another
            body.Return();
        }
    }

    /// <summary>Decodes an error answer whose body is text in <paramref name="encoding"/>; <paramref name="bodyIsCut"/> when it went on past what was read.</summary>
    public static TixalloApiException Decode(
        HttpStatusCode status,
        HttpResponseHeaders headers,
        Encoding encoding,
        ReadOnlyMemory<byte> body,
        bool bodyIsCut,
        in ErrorContext context)
    {
        var (rawBody, rawBodyTruncated) = ReadRawBody(encoding, body.Span, bodyIsCut);
        var parsed = bodyIsCut ? default : ParsedBody.Read(encoding, body);
        var retryAfter = ResponseHeaders.RetryAfter(headers, context.Now);

        var derivedCode = (int)status == 400 && parsed.HasValidationDetails ? ErrorCodes.ValidationError : ErrorCodes.ForStatus(status);

        var error = new ApiError
        {
            StatusCode = status,
            ErrorCode = string.IsNullOrWhiteSpace(parsed.Code) ? derivedCode : parsed.Code,
            Message = string.IsNullOrWhiteSpace(parsed.Message) ? DefaultMessage(status, parsed.Shape, context.CorrelationId) : parsed.Message,
            Shape = parsed.Shape,
            RawBody = rawBody,
            IsRawBodyTruncated = rawBodyTruncated,
            CorrelationId = context.CorrelationId,
            Attempts = context.Attempts,
            Specifics = ErrorSpecifics.Of(
                parsed.FieldErrors,
                parsed.FormErrors,
                parsed.LocalizationKey,
                parsed.LocalizationParams,
                retryAfter,
                parsed.Limit,
                parsed.Window,
                parsed.TicketIdParam,
                // Stryker disable once Conditional : only a 429's exception exposes its scope; the condition spares the others the lookup
                scope: (int)status == 429 ? RateLimitScopes.Of(parsed.LocalizationKey, parsed.Code, parsed.Window, context.Budget) : TixalloRateLimitScope.Unknown,
                isClientSide: false),
        };

        return Create(error, parsed.HasValidationDetails);
    }

    /// <summary>
    /// The exception the SDK throws for an error: the subtype follows the status, an envelope code of
    /// <c>ticket_merged</c>, and validation details. One rule for decoded errors and for <see cref="TixalloExceptionFactory"/>.
    /// </summary>
    public static TixalloApiException Create(ApiError error, bool hasValidationDetails)
    {
        var status = (int)error.StatusCode;
        var isMerge = error.ErrorCode == ErrorCodes.TicketMerged;
        var isValidation = status == 422 || (status == 400 && (hasValidationDetails || error.ErrorCode == ErrorCodes.ValidationError));
        return status switch
        {
            _ when isMerge => new TixalloTicketMergedException(error),
            _ when isValidation => new TixalloValidationException(error),
            400 => new TixalloBadRequestException(error),
            401 => new TixalloAuthenticationException(error),
            403 => new TixalloPermissionDeniedException(error),
            404 => new TixalloNotFoundException(error),
            409 => new TixalloConflictException(error),
            429 => new TixalloRateLimitException(error),
            >= 500 and <= 599 => new TixalloServerException(error),
            _ => new TixalloApiException(error),
        };
    }

    public static string DefaultMessage(HttpStatusCode status, TixalloErrorShape shape, string? correlationId)
    {
        var unreadable = shape == TixalloErrorShape.Unknown ? " with no error body the client could read" : string.Empty;
        return FormattableString.Invariant(
            $"The Tixallo API answered {(int)status} ({status}){unreadable} (correlation id: {correlationId ?? "none"}).");
    }

    /// <summary>
    /// Decodes at most <see cref="TixalloApiException.MaxRawBodyLength"/> characters. The result is always a
    /// prefix of the whole body decoded, because an incomplete trailing sequence is held back, not replaced.
    /// </summary>
    private static (string Text, bool Truncated) ReadRawBody(Encoding encoding, ReadOnlySpan<byte> body, bool bodyIsCut)
    {
        const int maxChars = TixalloApiException.MaxRawBodyLength;
        // Stryker disable once Equality : a whole body of exactly the cap decodes the same on either path
        if (!bodyIsCut && body.Length <= maxChars)
        {
            // The common case, a small whole body, decodes straight to one string: no encoding here yields
            // more characters than bytes, so it cannot exceed the cap.
            return (encoding.GetString(body), false);
        }

        var bytes = body[..Math.Min(body.Length, (maxChars * 4) + 4)];
        var complete = bytes.Length == body.Length && !bodyIsCut;
        var chars = new char[encoding.GetMaxCharCount(bytes.Length)];
#if NET
        var count = encoding.GetDecoder().GetChars(bytes, chars, flush: complete);
#else
        var count = encoding.GetDecoder().GetChars(bytes.ToArray(), 0, bytes.Length, chars, 0, complete); // no span overload on .NET Standard 2.0
#endif
        if (count <= maxChars)
        {
            return (new string(chars, 0, count), !complete);
        }

        var cut = char.IsHighSurrogate(chars[maxChars - 1]) ? maxChars - 1 : maxChars;
        return (new string(chars, 0, cut), true);
    }

    /// <summary>What the body says, in whichever of the three shapes it has.</summary>
    private readonly record struct ParsedBody(
        TixalloErrorShape Shape,
        string? Code,
        string? Message,
        bool HasValidationDetails,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? FieldErrors,
        IReadOnlyList<string>? FormErrors,
        string? LocalizationKey,
        IReadOnlyDictionary<string, string>? LocalizationParams,
        int? Limit,
        TimeSpan? Window)
    {
        public string? TicketIdParam => LocalizationParams?.GetValueOrDefault("ticketId");

        public static ParsedBody Read(Encoding encoding, ReadOnlyMemory<byte> body)
        {
            try
            {
                using var document = Parse(encoding, body);
                return document?.RootElement is { ValueKind: JsonValueKind.Object } root ? FromObject(root) : default;
            }
            // Stryker disable once Block : an emptied catch block returns the default too
            catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException or DecoderFallbackException)
            {
                // Not JSON, too deep, or not text in its charset: the Unknown shape.
                return default;
            }
        }

        private static JsonDocument? Parse(Encoding encoding, ReadOnlyMemory<byte> body)
        {
            // Stryker disable once Block : an empty body fails to parse into the same Unknown shape; the check spares the exception
            if (body.IsEmpty)
            {
                return null;
            }

            if (encoding.CodePage is 65001 or 20127)
            {
                var utf8 = body.Span.StartsWith(Encoding.UTF8.Preamble) ? body[Encoding.UTF8.Preamble.Length..] : body;
                return JsonDocument.Parse(utf8, JsonOptions);
            }

            return JsonDocument.Parse(encoding.GetString(body.Span), JsonOptions);
        }

        private static ParsedBody FromObject(JsonElement root)
        {
            if (root.TryGetProperty("error", out var error))
            {
                if (error.ValueKind == JsonValueKind.String)
                {
                    return FromLegacy(root, error.GetString());
                }

                if (error.ValueKind == JsonValueKind.Object)
                {
                    return FromEnvelope(error);
                }
            }

            if (StringOf(root, "key") is { } key)
            {
                return new ParsedBody
                {
                    Shape = TixalloErrorShape.Localized,
                    Message = StringOf(root, "fallbackMessage"),
                    LocalizationKey = key,
                    LocalizationParams = ParamsOf(root),
                };
            }

            // Not one of the API's shapes; an RFC 9457 problem body still gives a readable message.
            return new ParsedBody { Message = StringOf(root, "detail") ?? StringOf(root, "title") };
        }

        private static ParsedBody FromLegacy(JsonElement root, string? message)
        {
            Dictionary<string, IReadOnlyList<string>>? fieldErrors = null;
            List<string>? formErrors = null;
            var hasDetails = root.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Object;
            if (hasDetails)
            {
                if (details.TryGetProperty("fieldErrors", out var fields) && fields.ValueKind == JsonValueKind.Object)
                {
                    fieldErrors = FieldErrorsOf(fields);
                }

                if (details.TryGetProperty("formErrors", out var form))
                {
                    formErrors = StringsOf(form);
                }
            }

            int? limit = root.TryGetProperty("limit", out var limitElement) && limitElement.ValueKind == JsonValueKind.Number
                && limitElement.TryGetInt32(out var limitValue) && limitValue >= 0 ? limitValue : null;
            TimeSpan? window = root.TryGetProperty("window_seconds", out var windowElement) && windowElement.ValueKind == JsonValueKind.Number
                && windowElement.TryGetDouble(out var seconds) && seconds >= 0 && seconds < TimeSpan.MaxValue.TotalSeconds
                    ? TimeSpan.FromSeconds(seconds) : null;

            return new ParsedBody
            {
                Shape = TixalloErrorShape.Legacy,
                Message = message,
                HasValidationDetails = hasDetails,
                FieldErrors = fieldErrors,
                FormErrors = formErrors,
                Limit = limit,
                Window = window,
            };
        }

        private static ParsedBody FromEnvelope(JsonElement error)
        {
            var hasDetails = error.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Object;
            return new ParsedBody
            {
                Shape = TixalloErrorShape.Envelope,
                Code = StringOf(error, "code"),
                Message = StringOf(error, "message"),
                HasValidationDetails = hasDetails,
                FieldErrors = hasDetails ? FieldErrorsOf(details) : null,
            };
        }

        /// <summary>Field errors as lists: the legacy shape sends arrays of strings, the envelope single strings.</summary>
        private static Dictionary<string, IReadOnlyList<string>> FieldErrorsOf(JsonElement fields)
        {
            var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (var field in fields.EnumerateObject())
            {
                var messages = StringsOf(field.Value);
                if (messages.Count > 0)
                {
                    result[field.Name] = messages;
                }
            }

            return result;
        }

        private static List<string> StringsOf(JsonElement value)
        {
            var result = new List<string>();
            if (value.ValueKind == JsonValueKind.String)
            {
                result.Add(value.GetString()!);
            }
            else if (value.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in value.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.String)
                    {
                        result.Add(item.GetString()!);
                    }
                }
            }

            return result;
        }

        private static Dictionary<string, string>? ParamsOf(JsonElement root)
        {
            if (!root.TryGetProperty("params", out var parameters) || parameters.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var parameter in parameters.EnumerateObject())
            {
                result[parameter.Name] = parameter.Value.ValueKind == JsonValueKind.String
                    ? parameter.Value.GetString()!
                    : parameter.Value.GetRawText();
            }

            return result;
        }

        private static string? StringOf(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
